#!/usr/bin/env bash
# scripts/report as a user runs it: from another folder, with a relative -o, on the fixture
# models; the report must be whole, and bad arguments must fail with one error line.
#   report_script_test.sh SOURCE_DIR SHARED_DIR SCRATCH_DIR
set -euo pipefail
source_dir=$1 shared=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch"
models="$shared/fixtures/models"
"$source_dir/scripts/report" --model "$models/tiny-bert" --model "$models/tiny-gpt2" \
  --text "The cat sat on the mat and looked at the bird." -o report > out.txt 2> err.txt
for file in report/index.html report/tiny-bert/text1/head_layer2_head3.png \
    report/tiny-gpt2/text1/summary.png report/compare/text1/compare_layer2_head0.png; do
  [ -s "$file" ] || { echo "scripts/report wrote no $file; it wrote:"; find report | head -40; exit 1; }
done
grep -q 'tiny-gpt2' report/index.html || { echo "index.html does not name tiny-gpt2"; exit 1; }

if "$source_dir/scripts/report" --model "$models/tiny-bert" --format bmp -o bad > bad.txt 2> bad-err.txt; then
  echo "scripts/report --format bmp succeeded"; exit 1
fi
[ ! -e bad ] || { echo "a refused report left bad/ behind"; exit 1; }
errors=$(grep -c '^attnscope: error' bad-err.txt || true)
[ "$errors" = 1 ] || { echo "expected one error line, got:"; cat bad-err.txt; exit 1; }
echo "scripts/report: report written, bad arguments refused"
