#!/usr/bin/env bash
# Installs Debian's Chromium and a font with Vietnamese letters for the browser tests.
# Idempotent: does nothing when both are present. Needs root (or sudo) the first time.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed" || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-browser: chromium and fonts already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: need root to install ${need[*]} (run as root or install them yourself)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-browser: installed ${need[*]}"
