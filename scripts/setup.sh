#!/usr/bin/env bash
# Everything the tests need on a fresh Debian machine: system packages, then the npm packages.
#   tmux        drives the real TUI in the end-to-end tests
#   espeak-ng   reads calls aloud on the board (Vietnamese voice)
#   libusb-1.0-0, udev   node-hid at run time; SerialPort.list() needs udevadm
#   socat       virtual serial ports (PTY pairs) for scanner and printer tests
#   python3 make g++     build better-sqlite3 from source when no prebuilt binary can be fetched
#   cups cups-client     a real print server for the CUPS transport tests (scripts/cups-test-queue.sh)
#   printer-driver-cups-pdf  (cups-pdf) the "printer" of the test queue: writes each job as a PDF file
#   poppler-utils        pdftotext, to read back the text of the A4 slip in the tests
#   sane-utils           scanimage (documents into dossiers); its `test` backend is the tests' scanner
#   postgresql           the centre's database; the tests start a throwaway cluster of their own
#   openssl              makes the centre's self-signed TLS certificate (luudong centre cert)
#   openssh-server openssh-client   a workstation's standby copy of the hub's database: Litestream
#                        writes it over SFTP to an sshd of its own (`luudong hub standby`); ssh-keygen
#   sqlite3              the shell the audit tests tamper with a copy of the database through, as an attacker would
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="tmux espeak-ng libusb-1.0-0 udev socat python3 make g++ cups cups-client printer-driver-cups-pdf poppler-utils sane-utils postgresql openssl openssh-server openssh-client sqlite3"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm ci: every machine installs exactly the committed tree (package-lock.json lists the optional
# packages of every platform, so npm ci accepts it on any of them).
npm ci --no-audit --no-fund

# Native modules: npm may skip dependency install scripts; rebuild any that does not load.
node scripts/check-native.mjs || {
  echo "setup: rebuilding native modules from source"
  npm rebuild better-sqlite3 node-hid @serialport/bindings-cpp
  node scripts/check-native.mjs
}
