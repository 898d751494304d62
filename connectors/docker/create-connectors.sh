#!/usr/bin/env bash
# Creates or updates Kafka Connect connectors from .properties files, through the worker's REST API.
#
#   create-connectors.sh CONNECT_URL CONNECTOR...     PUT each connector's config, then wait until it and its tasks run
#   create-connectors.sh --print CONNECTOR...         print each connector's config as JSON, send nothing
#
# A CONNECTOR is one file, or several joined by commas whose later keys override earlier ones (an example config,
# then the keys a deployment changes). Its name is its `name` key. PUT /connectors/NAME/config creates a connector or
# replaces its config, so running this again after editing a file applies the edit. Secrets stay config-provider
# references (${file:...}, ${env:...}): the worker resolves them, Connect stores and shows only the reference.
# docker-compose.yml runs this once Connect is healthy (service connect-setup). Needs bash and curl.
set -euo pipefail

die() { echo "create-connectors: $*" >&2; exit 1; }

# Java .properties escapes (\\ \t \n \r \f \uXXXX, any other \c is c) of one logical line's key or value, undone.
unescape() {
  local s=$1 out="" c i=0 n=${#1}
  while (( i < n )); do
    c=${s:i:1}
    if [[ $c == '\' && i+1 -lt n ]]; then
      c=${s:i+1:1}; i=$((i + 2))
      case $c in
        t) out+=$'\t' ;; n) out+=$'\n' ;; r) out+=$'\r' ;; f) out+=$'\f' ;;
        u) [[ ${s:i:4} =~ ^[0-9a-fA-F]{4}$ ]] || die "bad \\u escape in: $s"
           out+=$(printf "\\u${s:i:4}"); i=$((i + 4)) ;;
        *) out+=$c ;;
      esac
    else
      out+=$c; i=$((i + 1))
    fi
  done
  printf '%s' "$out"
}

# A JSON string literal.
json_string() {
  local s=$1 out="" c i
  for (( i = 0; i < ${#s}; i++ )); do
    c=${s:i:1}
    case $c in
      '"') out+='\"' ;; '\') out+='\\' ;;
      $'\n') out+='\n' ;; $'\r') out+='\r' ;; $'\t') out+='\t' ;;
      *) if [[ $c == [[:cntrl:]] ]]; then out+=$(printf '\\u%04x' "'$c"); else out+=$c; fi ;;
    esac
  done
  printf '"%s"' "$out"
}

# Reads the comma-separated files of one connector into the globals KEYS (first-seen order) and VALUES.
read_connector() {
  local file line logical key value trailing files
  local entry='^([^=:[:space:]\\]+)[[:space:]]*[=:]?[[:space:]]*(.*)$'   # key, separator, value
  KEYS=(); declare -gA VALUES=(); VALUES=()
  IFS=',' read -r -a files <<< "$1"
  for file in "${files[@]}"; do
    [[ -r $file ]] || die "cannot read $file"
    logical=""
    while IFS= read -r line || [[ -n $line ]]; do
      line=${line%$'\r'}
      line="${line#"${line%%[![:space:]]*}"}"                              # leading blanks, also a continuation's
      [[ -z $logical && ( -z $line || $line == \#* || $line == \!* ) ]] && continue   # blank or comment
      logical+=$line
      trailing=${logical##*[!\\]}                                          # its trailing backslashes
      if (( ${#trailing} % 2 == 1 )); then logical=${logical%\\}; continue; fi   # an odd number: continued
      line=$logical; logical=""
      [[ $line =~ $entry ]] || die "$file: cannot parse: $line"
      key=${BASH_REMATCH[1]}; value=$(unescape "${BASH_REMATCH[2]}")
      [[ -v VALUES[$key] ]] || KEYS+=("$key")
      VALUES[$key]=$value
    done < "$file"
    [[ -z $logical ]] || die "$file: ends inside a continued line"
  done
  [[ -n ${VALUES[name]:-} ]] || die "$1: no name key"
  [[ -n ${VALUES[connector.class]:-} ]] || die "$1: no connector.class key"
}

config_json() {
  local key sep="" out="{"
  for key in "${KEYS[@]}"; do
    out+="$sep$(json_string "$key"): $(json_string "${VALUES[$key]}")"; sep=", "
  done
  printf '%s}\n' "$out"
}

# PUT the config, retrying while the worker answers 409 (rebalancing) or 5xx, or is unreachable.
put_config() {
  local url=$1 name=$2 body=$3 code attempt
  for attempt in $(seq 1 30); do
    code=$(curl -sS -o "$tmp/answer" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data-binary "$body" "$url/connectors/$name/config" 2>"$tmp/error") || code=000
    case $code in
      200) echo "updated connector $name"; return 0 ;;
      201) echo "created connector $name"; return 0 ;;
      409|5??|000) sleep 2 ;;
      *) die "PUT $url/connectors/$name/config answered $code: $(cat "$tmp/answer")" ;;
    esac
  done
  die "PUT $url/connectors/$name/config still answered $code after 30 tries: $(cat "$tmp/answer" "$tmp/error" 2>/dev/null)"
}

# Waits until the connector and all its tasks are RUNNING; a FAILED one ends the script with its status (which names
# the key at fault, never a secret's value).
await_running() {
  local url=$1 name=$2 status running states attempt
  for attempt in $(seq 1 30); do
    status=$(curl -fsS "$url/connectors/$name/status" 2>/dev/null) || status=""
    if [[ $status == *'"state":"FAILED"'* ]]; then die "connector $name failed: $status"; fi
    running=$(grep -o '"state":"RUNNING"' <<< "$status" | wc -l)
    states=$(grep -o '"state":"' <<< "$status" | wc -l)
    if [[ $status != *'"tasks":[]'* ]] && (( states >= 2 && running == states )); then
      echo "connector $name and its tasks are running"; return 0
    fi
    sleep 2
  done
  die "connector $name is not running after 60 s: ${status:-no status}"
}

(( $# >= 2 )) || die "usage: $0 CONNECT_URL|--print CONNECTOR..."
target=$1; shift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for connector in "$@"; do
  read_connector "$connector"
  body=$(config_json)
  if [[ $target == --print ]]; then printf '%s\n' "$body"; continue; fi
  put_config "${target%/}" "${VALUES[name]}" "$body"
done
if [[ $target != --print ]]; then
  for connector in "$@"; do read_connector "$connector"; await_running "${target%/}" "${VALUES[name]}"; done
fi
