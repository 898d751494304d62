# The application image: the Kafka Streams app and its REST server (no embedded broker).
# Build: docker build -t devsecops-metrics .     Run: see docker-compose.yml and k8s/.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY connectors connectors
COPY streams-app streams-app
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/streams-app/target/streams-app.jar /app/streams-app.jar
COPY --from=build /src/streams-app/target/lib /app/lib
# The CycloneDX SBOM of what /app holds (README "Supply chain").
COPY --from=build /src/streams-app/target/bom.json /app/bom.json
ENV DSM_STATE_DIR=/var/lib/dsm/state
VOLUME /var/lib/dsm
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/streams-app.jar:/app/lib/*", "com.devsecopsmetrics.cli.Dsm", "run"]
