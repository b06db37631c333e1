# Sourced by dev-stack/run and .ci/run: make sure JAVA_HOME/java is a JDK >= 21 (the build targets release 21).
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  :
elif command -v java >/dev/null && [ "$(java_major java)" -ge 21 ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
else
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      JAVA_HOME=$candidate
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found. Install one (e.g. Temurin 21/25) and set JAVA_HOME." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
