# syntax=docker/dockerfile:1
# The application image: the Kafka Streams app and its REST server (no embedded broker).
# Build: docker build -t devsecops-metrics .     Run: see docker-compose.yml and k8s/.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY connectors connectors
COPY streams-app streams-app
# Maven's repository is a BuildKit cache mount, kept between builds: a change of source downloads nothing again, and
# the image holds none of it. (dependency:go-offline cannot resolve this reactor's own modules before they are built.)
RUN --mount=type=cache,target=/root/.m2 mvn -q -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/streams-app/target/streams-app.jar /app/streams-app.jar
COPY --from=build /src/streams-app/target/lib /app/lib
# The CycloneDX SBOM of what /app holds (README "Supply chain").
COPY --from=build /src/streams-app/target/bom.json /app/bom.json
COPY config /app/config
# Never as root: the process reads every team's findings and needs to write only its state folder.
RUN useradd --system --uid 10001 --no-create-home dsm && mkdir -p /var/lib/dsm && chown 10001 /var/lib/dsm
USER 10001
ENV DSM_STATE_DIR=/var/lib/dsm/state
# Two glibc malloc arenas (as bin/dsm and k8s/ set): RocksDB's threads otherwise grow the resident size past its budget.
ENV MALLOC_ARENA_MAX=2
VOLUME /var/lib/dsm
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/streams-app.jar:/app/lib/*", "com.devsecopsmetrics.cli.Dsm", "run"]
