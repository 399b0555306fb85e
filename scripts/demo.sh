#!/usr/bin/env bash
# The quick-start demo: starts a local QEMU with a SPICE server (the embedded default server), then shows
# what Saffron sees of it: `saffron info`, and QEMU's own monitor answering through a SPICE port channel.
# QEMU is stopped on every exit path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/scripts/lib.sh"
saffron_require_qemu

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=""
for candidate in $(seq 5900 5999); do
    if port_is_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || saffron_die "no free TCP port between 5900 and 5999 on 127.0.0.1"

log=$(mktemp)
qemu-system-x86_64 -accel tcg -machine pc -m 64 -nodefaults -vga qxl -display none -nic none \
    -name saffron-demo -uuid 5af0f0f0-0000-4000-8000-5af7e0000001 \
    -spice "port=$port,addr=127.0.0.1,disable-ticketing=on" \
    -chardev spiceport,id=hmp0,name=org.qemu.monitor.hmp.0 -mon chardev=hmp0,mode=readline \
    >"$log" 2>&1 &
qemu=$!
# A QEMU whose main loop hangs ignores SIGTERM: after two seconds it gets SIGKILL, so no demo leaves one behind.
stop_qemu() {
    kill "$qemu" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$qemu" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$qemu" 2>/dev/null || true
    wait "$qemu" 2>/dev/null || true
    rm -f "$log"
}
trap stop_qemu EXIT

for _ in $(seq 100); do
    port_is_free "$port" || break
    kill -0 "$qemu" 2>/dev/null || { cat "$log" >&2; saffron_die "QEMU exited before its SPICE server started"; }
    sleep 0.1
done

uri="spice://127.0.0.1:$port"
echo "== QEMU is serving SPICE at $uri"
echo "== ./saffron info $uri"
"$root/saffron" info "$uri"
echo
# The human monitor, not QMP: QEMU 7.2 with spice-server 0.15 can deadlock when a SPICE client disconnects
# while a QMP monitor sits on a spiceport (README, Reconnect and migration); the human monitor gets no events.
echo "== QEMU's monitor through the SPICE port channel org.qemu.monitor.hmp.0"
# Its prompt lines echo each typed key with terminal escapes; the answers are on the lines between them.
printf '%s\n' 'info status' 'info name' | "$root/saffron" port "$uri" org.qemu.monitor.hmp.0 | sed '/^(qemu) /d'
echo
shot="${SAFFRON_DEMO_SCREENSHOT:-$PWD/saffron-demo.png}"
echo "== ./saffron screenshot $uri $shot"
"$root/saffron" screenshot "$uri" "$shot"
echo "wrote the guest's screen to $shot"
