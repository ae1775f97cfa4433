# Sourced by ./mvnw and ./clusterlog: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME when it already names one; else takes the newest JDK under /usr/lib/jvm
# (Debian's JDK folder) or the one that `javac` on the PATH belongs to.
# CLUSTERLOG_JVM_DIR replaces /usr/lib/jvm (to check the error path on a machine that has one).

clusterlog_jdk_major() {
  # prints the feature version of the JDK at $1 (from its release file, else from javac), or 0
  local home=$1 v=""
  [ -x "$home/bin/javac" ] || { echo 0; return; }
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/javac" -version 2>&1 | awk '{print $2}')
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

clusterlog_find_jdk() {
  local -
  set +f  # mvnw runs with globbing off
  local best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ] && [ "$(clusterlog_jdk_major "$JAVA_HOME")" -ge 21 ]; then
    return 0
  fi
  for home in "${CLUSTERLOG_JVM_DIR:-/usr/lib/jvm}"/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -d "$home" ] || continue
    major=$(clusterlog_jdk_major "$home")
    if [ "$major" -gt "$best_major" ]; then
      best=$home
      best_major=$major
    fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "clusterlog: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, newest found: ${best:-none}, version ${best_major}); install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it" >&2
    return 1
  fi
  export JAVA_HOME=$best
}
