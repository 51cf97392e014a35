#!/usr/bin/env bash
# Runs a Kafka command-line tool on the broker's own classpath (downloaded by up.sh), quietly.
# Examples:
#   deploy/local/kafka-tool.sh topics --list
#   deploy/local/kafka-tool.sh topics --describe --topic lead-unrouted
#   deploy/local/kafka-tool.sh consume --topic lead-unrouted --from-beginning --property print.key=true
#   echo hello | deploy/local/kafka-tool.sh produce --topic smoke-test
#   deploy/local/kafka-tool.sh groups --list
#   deploy/local/kafka-tool.sh org.apache.kafka.tools.SomeOtherTool ...   (any main class)
# --bootstrap-server 127.0.0.1:19092 is added for topics/consume/produce/groups.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib.sh"

[[ -f "${KAFKA_HOME}/.complete" ]] || die "Kafka is not installed yet: run ${LOCAL_DIR}/up.sh first"
(($# > 0)) || { sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 1; }

tool="$1"
shift
bootstrap=(--bootstrap-server "${BIND_HOST}:${KAFKA_PORT}")
case "${tool}" in
  topics)  main=org.apache.kafka.tools.TopicCommand ;;
  consume) main=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  produce) main=org.apache.kafka.tools.ConsoleProducer ;;
  groups)  main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  *)       main="${tool}"; bootstrap=() ;;
esac

mkdir -p "${KAFKA_CONFIG_DIR}"
tools_log4j="${KAFKA_CONFIG_DIR}/tools-log4j2.properties"
if [[ ! -f "${tools_log4j}" ]]; then
  cat >"${tools_log4j}" <<'EOF'
status = error
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = STDERR
EOF
fi

exec java -Xmx256m "-Dlog4j2.configurationFile=${tools_log4j}" -cp "$(kafka_classpath)" \
  "${main}" "${bootstrap[@]}" "$@"
