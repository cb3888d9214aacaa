#!/usr/bin/env bash
# A CUPS queue for the printing tests: starts cupsd if it is not running (as root, in CI or a
# container without systemd), then makes sure the queue luudong-pdf exists, enabled and accepting,
# printing through cups-pdf. Safe to run again. The last line of output is the directory where
# cups-pdf writes the PDFs of this user's jobs.
set -euo pipefail

QUEUE=luudong-pdf

if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  # The CI machine has no service manager; cupsd daemonises itself.
  [ "$(id -u)" -eq 0 ] || { echo "cups-test-queue: cupsd is not running; start it (systemctl start cups) or run as root" >&2; exit 1; }
  /usr/sbin/cupsd
  for _ in $(seq 50); do
    lpstat -r 2>/dev/null | grep -q 'is running' && break
    sleep 0.1
  done
  lpstat -r | grep -q 'is running' || { echo "cups-test-queue: cupsd did not start" >&2; exit 1; }
fi

if ! lpstat -p "$QUEUE" >/dev/null 2>&1; then
  ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
  [ -f "$ppd" ] || ppd=$(find /usr/share/ppd -name 'CUPS-PDF*.ppd' 2>/dev/null | head -n 1)
  [ -n "$ppd" ] || { echo "cups-test-queue: no CUPS-PDF PPD (Debian package cups-pdf)" >&2; exit 1; }
  # CUPS 2.4 warns that printer drivers are deprecated; cups-pdf still needs its PPD.
  lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P "$ppd" 2>/dev/null
fi
# PDF to PostScript with cairo: the default renderer turns the text into Type 3 glyphs without
# Unicode, and the tests read the text of what was printed back with pdftotext.
lpadmin -p "$QUEUE" -o pdftops-renderer-default=pdftocairo
# A test interrupted after cupsdisable must not leave the queue stopped for the next run.
cupsenable "$QUEUE"
cupsaccept "$QUEUE"

# cups-pdf writes to "Out" of /etc/cups/cups-pdf.conf, with ${HOME} and ${USER} of the job's owner.
out=$(sed -n 's/^[[:space:]]*Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf 2>/dev/null | tail -n 1)
user=$(id -un)
home=$(getent passwd "$user" | cut -d: -f6)
out=${out:-/var/spool/cups-pdf/\$\{USER\}}
out=${out//\$\{HOME\}/$home}
out=${out//\$\{USER\}/$user}
echo "$out"
