#!/bin/sh
# Voikko, the Finnish morphological analyser the service loads at run time: Debian's C library
# (libvoikko1, MPL 1.1 / GPL 2+ / LGPL 2.1+) and its Finnish dictionary (voikko-fi, GPL 2+).
# Installed when missing (as root), else the one command to run is said. Without them the service
# still runs, and /health says Finnish morphology is reduced. Idempotent: quick when both are there.
set -eu
PACKAGES="libvoikko1 voikko-fi"
missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Voikko is missing: install libvoikko and its Finnish dictionary (voikko-fi) with your system's" \
       "package manager. Until then Finnish morphology is reduced." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Voikko is missing; run:  sudo apt-get install -y$missing" >&2
  echo "(until then the service runs with reduced Finnish morphology, and its Voikko tests fail)" >&2
  exit 0
fi
echo "installing$missing (Voikko, Finnish morphology)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
