#!/usr/bin/env bash
# Issue 3's acceptance scenario by hand: counter pod at 1Ki rotation, agent SIGKILLed and restarted
# several times, the server SIGKILLed and kept down for a minute in the middle.
set -u
cd "$(dirname "$0")/../.."
W=${1:-/tmp/clusterlog-kill-test}; rm -rf $W; mkdir -p $W
URL=http://127.0.0.1:3177
server() { ./clusterlog server --data $W/server --listen 127.0.0.1:3177 >> $W/server.log 2>&1 & echo $! > $W/server.pid; }
agent() { ./clusterlog agent --node-root $W/node --server $URL --state $W/agent >> $W/agent.log 2>&1 & echo $! > $W/agent.pid; }
server
./clusterlog pod run -f examples/counter-pod.yaml --node-root $W/node --container-log-max-size 1Ki --container-log-monitor-interval 3s --container-log-max-files 5 > $W/pod.log 2>&1 & echo $! > $W/pod.pid
sleep 8; agent
kills=0
for t in 20 35 50; do sleep 15; kill -9 $(cat $W/agent.pid); kills=$((kills+1)); agent; done
sleep 10; kill -9 $(cat $W/server.pid); echo "server down at $(date +%T)"
sleep 60; server; echo "server up at $(date +%T)"
for t in 1 2; do sleep 15; kill -9 $(cat $W/agent.pid); kills=$((kills+1)); agent; done
sleep 15
kill -TERM $(cat $W/pod.pid)   # the pod stops; kubelet-style, its log files stay
sleep 20
written=$(tail -n1 $W/node/pods/*/count/0.log | sed -E 's/^[^ ]+ [^ ]+ [^ ]+ ([0-9]+):.*/\1/')
echo "the container wrote 0..$written"
./clusterlog logs counter --server $URL > $W/got.txt 2> $W/got.err
kill $(cat $W/agent.pid) $(cat $W/server.pid) 2>/dev/null
awk -F: -v kills=$kills 'NR==1 {first=$1} {n[$1]++; if ($1>max) max=$1} END {miss=0; dup=0; for (i=first;i<=max;i++) {if (!(i in n)) miss++; else if (n[i]>1) dup+=n[i]-1}; printf "lines %d, numbers %d..%d, missing %d, repeated %d, agent SIGKILLs %d, server down 60 s\n", NR, first, max, miss, dup, kills}' $W/got.txt
echo "errors printed by logs: $(grep -c . $W/got.err)"
