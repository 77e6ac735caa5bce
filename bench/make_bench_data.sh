#!/usr/bin/env bash
# Writes the large CSV inputs of the whole-process backtest figures in bench/RESULTS.md from the
# real files in data/ (which stay as published). Prices are played forward, then backward, so each
# copy joins the next without a jump; rows are dated on consecutive weekdays.
#
#   bench/make_bench_data.sh [out-dir]      (default build/bench-data)
#
#   orcl-daily-60k.csv   ORCL's 5,036 daily bars x 12 = 60,432 bars, weekdays from 1980-01-01 (2211)
#   minute-<k>.csv       the 30,889-bar minute file x 4 = 123,556 bars (164 days from 2006-01-02),
#                        one file per symbol k = 1..4, each copy's prices scaled by 1 + k/100
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/bench-data}
mkdir -p "$out"

# Days since 1970-01-01 <-> y-m-d (H. Hinnant's civil-calendar algorithms), in plain awk.
read -r -d '' civil <<'AWK' || true
function days_from_civil(y, m, d,   era, yoe, doy, doe) {
  y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
  doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
  z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
  d = doy - int((153 * mp + 2) / 5) + 1; m = mp + (mp < 10 ? 3 : -9)
  return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
# The next weekday after day number z (1970-01-01 was a Thursday: weekday (z + 4) % 7, 0 = Sunday).
function next_weekday(z) { do { z++ } while ((z + 4) % 7 == 0 || (z + 4) % 7 == 6); return z }
AWK

awk -F, "$civil"'
  NR == 1 { print; next }
  { row[++n] = substr($0, index($0, ",")) }
  END {
    z = days_from_civil(1980, 1, 1) - 1
    for (k = 0; k < 12; k++) for (i = 1; i <= n; i++) {
      z = next_weekday(z); print civil(z) row[k % 2 == 0 ? i : n + 1 - i]
    }
  }' "$here/data/orcl-1995-2014.txt" >"$out/orcl-daily-60k.csv"

for k in 1 2 3 4; do
  awk -F, -v k="$k" "$civil"'
    NR == 1 { print; next }
    {
      if ($1 != last) { first[++nd] = n + 1; last = $1 }
      n++; lastrow[nd] = n; t[n] = $2; o[n] = $3; h[n] = $4; l[n] = $5; c[n] = $6; v[n] = $7; oi[n] = $8
    }
    END {
      f = 1 + k / 100; z = days_from_civil(2006, 1, 2) - 1
      for (r = 0; r < 4; r++) {
        # Forward copies keep each day'"'"'s rows in order; backward copies reverse the days (not the minutes).
        for (j = 1; j <= nd; j++) {
          dd = r % 2 == 0 ? j : nd + 1 - j; z = next_weekday(z); date = civil(z)
          for (i = first[dd]; i <= lastrow[dd]; i++) printf "%s,%s,%.2f,%.2f,%.2f,%.2f,%s,%s\n", date, t[i], o[i] * f, h[i] * f, l[i] * f, c[i] * f, v[i], oi[i]
        }
      }
    }' "$here/data/2006-01-02-volume-min-001.txt" >"$out/minute-$k.csv"
done
wc -l "$out"/orcl-daily-60k.csv "$out"/minute-*.csv
