#!/usr/bin/env bash
# The README's "Two instances behind nginx" run: PostgreSQL, Redis, two ChatApp instances (each held to a CPU
# share by a cgroup v1 quota when QUOTA is set and /sys/fs/cgroup/cpu is writable, i.e. as root), nginx running
# deploy/nginx/chatapp.conf, and ChatApp.LoadTest through nginx against one instance, then both.
# Usage (from the repository root, after `dotnet build -c Release`):
#   ChatApp.LoadTest/scale-out.sh [streams for one instance=700] [QUOTA percent of a core=30]
set -euo pipefail
streams=${1:-700}; quota=${2:-30}
root=$(pwd); work=$(mktemp -d); chmod 755 "$work"; pg=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
trap 'pkill -f "ChatApp.dll --urls http://127.0.0.1:510" || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" || true;
      redis-cli -p 6390 shutdown nosave >/dev/null 2>&1 || true; runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true' EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$work/pg"; [ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
as_pg "$pg/initdb" -D "$work/pg" -U postgres -A trust --no-sync -E UTF8 >/dev/null
as_pg "$pg/pg_ctl" -D "$work/pg" -w -l "$work/pg/log" -o "-p 5440 -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
psql -h 127.0.0.1 -p 5440 -U postgres -c "create database chat" >/dev/null
redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null

start_instance() { # port cpu
  ( cd "$root/ChatApp/bin/Release/net10.0" && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    Chat__Simulated__FirstTokenDelayMs=300 Chat__Simulated__TokensPerSecond=20 Chat__Limits__ConcurrentStreams=100000 Chat__Limits__TokensPerHour=1000000000 \
    Chat__Storage__Provider=postgres Chat__Storage__ConnectionString="Host=127.0.0.1;Port=5440;Username=postgres;Database=chat;Maximum Pool Size=50" \
    Chat__ScaleOut__Redis="127.0.0.1:6390,abortConnect=false" Chat__Storage__DataFolder="$work/data-$1" \
    exec taskset -c "$2" dotnet ChatApp.dll --urls "http://127.0.0.1:$1" >"$work/app-$1.log" 2>&1 ) &
  until curl -sf "127.0.0.1:$1/healthz/ready" >/dev/null; do sleep 0.5; done
  local pid; pid=$(pgrep -f "ChatApp.dll --urls http://127.0.0.1:$1" | head -1)
  if [ -w /sys/fs/cgroup/cpu ]; then
    mkdir -p "/sys/fs/cgroup/cpu/chatapp-$1"; echo 100000 > "/sys/fs/cgroup/cpu/chatapp-$1/cpu.cfs_period_us"
    echo $((quota * 1000)) > "/sys/fs/cgroup/cpu/chatapp-$1/cpu.cfs_quota_us"; echo "$pid" > "/sys/fs/cgroup/cpu/chatapp-$1/cgroup.procs"
  fi
}

start_nginx() { # upstream ports…
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" && sleep 1
  local servers=""; for p in "$@"; do servers="$servers    server 127.0.0.1:$p;\n"; done
  local site; site=$(sed -e '/^    server 127.0.0.1:500[12];$/d' -e "s|    hash \$chatapp_route consistent;|&\n$servers|" -e 's|listen 8080;|listen 127.0.0.1:8090;|' "$root/deploy/nginx/chatapp.conf")
  mkdir -p "$work/ngx"
  printf 'daemon on; worker_processes 1; pid %s/nginx.pid; error_log %s/nginx.log warn;\nevents { worker_connections 8000; }\nhttp { access_log off; client_body_temp_path %s/ngx/cb; proxy_temp_path %s/ngx/p; fastcgi_temp_path %s/ngx/f; uwsgi_temp_path %s/ngx/u; scgi_temp_path %s/ngx/s;\n%s\n}\n' \
    "$work" "$work" "$work" "$work" "$work" "$work" "$work" "$site" > "$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work"
}

cpu_of() { awk '{print $14+$15}' "/proc/$(pgrep -f "ChatApp.dll --urls http://127.0.0.1:$1" | head -1)/stat"; }

run() { # streams upstream ports…
  local n=$1; shift; start_nginx "$@"
  local a0 b0; a0=$(cpu_of 5101); b0=$(cpu_of 5102)
  echo "== $# instance(s), $n streams"
  dotnet "$root/ChatApp.LoadTest/bin/Release/net10.0/ChatApp.LoadTest.dll" --url http://127.0.0.1:8090 --streams "$n" --ramp 5 --words 600 | tail -3
  echo "CPU: instance A $(( ($(cpu_of 5101) - a0) / 100 )) s, instance B $(( ($(cpu_of 5102) - b0) / 100 )) s"
}

start_instance 5101 0; start_instance 5102 1
# Warm-up (not reported): JIT and a thread pool grown to the load, as on a server that has been up a while.
run "$streams" 5101 5102 >/dev/null
run "$streams" 5101
run $((streams * 2)) 5101
run $((streams * 2)) 5101 5102
