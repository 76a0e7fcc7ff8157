#!/usr/bin/env bash
# Regenerates the bundled SoC profiles from ../shared/traces/hope-mnn (run after changing calibration).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/soc-models/src/main/resources/org/socsim/profiles"
traces="${1:-$root/../shared/traces/hope-mnn}"
(cd "$root" && mvn -q -B -DskipTests install)
for d in $(cat "$dir/index.txt"); do
  java -jar "$root/experiments/target/socsim.jar" calibrate --traces "$traces" --device "$d" --out "$dir/$d.json" | head -1
done
