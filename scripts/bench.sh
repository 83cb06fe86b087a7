#!/usr/bin/env bash
# End-to-end throughput of the release binary on generated corpora, with the toy ceiling
# (validate + NFC + JSON, examples/toy_ceiling.rs) and, where installed, ftfy measured in
# the same run on the same input. Prints a Markdown table (also written to
# target/bench/results.md); the figures that matter are the ratios, since absolute speeds
# on shared machines drift between runs.
#
#   bash scripts/bench.sh                 # small corpora, a few minutes
#   FULL=1 bash scripts/bench.sh          # 50,000 small files and a ~2 GB JSONL file
#   TABLES=kinds bash scripts/bench.sh    # only the table of corpus kinds
#
# Two tables. The first: clean and mixed corpora, as JSONL and as small files, at one thread
# and at every core. The second: one row per corpus kind (issue 26), one thread, each a
# JSONL corpus of that kind alone (`gen_corpus --mix KIND=1`): news articles, tweets, web
# pages with ASCII titles in English and in German, fully mojibake'd articles, CRLF and odd
# spaces, entity-heavy articles; scour, the toy and ftfy on the same kind, with the targets
# (scour / toy >= 0.8, >= 0.5 on mojibake; scour / ftfy >= 200 on tweets and web pages).
#
# Environment (defaults in brackets):
#   FILES_DOCS [5000]   documents in the small-files corpora (FULL: 50000)
#   JSONL_DOCS [20000]  documents in the one-file JSONL corpora (FULL: 540000, ~2 GB)
#   REPS [3]            runs per measurement; the fastest wall time is kept
#   SEED [1]            generator seed
#   MIX [clean=80,cp1252=4,utf16=4,mojibake=4,crlf=4,nfd=4]   the mixed corpora
#   TABLES [main kinds]  which tables to measure
#   KINDS [clean short web_en web_de mojibake crlf entities]  the rows of the kinds table
#   KIND_DOCS [2000]    documents per kind (FULL: 20000); tweets get 20 times as many
#   FTFY_KIND_DOCS [200]  documents of each kind given to ftfy (FULL: 2000; tweets x20)
#   FTFY_PYTHON         a Python with ftfy installed; when unset, python3 if it imports
#                       ftfy, else a venv made in BENCH_DIR/ftfy-venv with ftfy 6.3.1 (pip)
#   NO_FTFY [0]         1: measure no ftfy
#   FTFY_DOCS [300]     documents of the mixed JSONL corpus given to ftfy (and to scour
#                       on the same sample). FULL: 10000 (about 31 MB, ftfy about 30 s):
#                       on a few MB, scour's start (about 5 ms) is a tenth of its time
#   BENCH_DIR [target/bench]  where corpora and results go (corpora are reused when the
#                       parameters did not change)
# Output goes to /dev/null for every program alike. Peak RSS comes from GNU time
# (/usr/bin/time), installed with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

FULL=${FULL:-0}
if [[ $FULL == 1 ]]; then
  FILES_DOCS=${FILES_DOCS:-50000}
  JSONL_DOCS=${JSONL_DOCS:-540000}
  FTFY_DOCS=${FTFY_DOCS:-10000}
  KIND_DOCS=${KIND_DOCS:-20000}
  FTFY_KIND_DOCS=${FTFY_KIND_DOCS:-2000}
else
  FILES_DOCS=${FILES_DOCS:-5000}
  JSONL_DOCS=${JSONL_DOCS:-20000}
  KIND_DOCS=${KIND_DOCS:-2000}
  FTFY_KIND_DOCS=${FTFY_KIND_DOCS:-200}
fi
TABLES=${TABLES:-main kinds}
KINDS=${KINDS:-clean short web_en web_de mojibake crlf entities}
NO_FTFY=${NO_FTFY:-0}
REPS=${REPS:-3}
SEED=${SEED:-1}
MIX=${MIX:-clean=80,cp1252=4,utf16=4,mojibake=4,crlf=4,nfd=4}
FTFY_DOCS=${FTFY_DOCS:-300}
BENCH_DIR=${BENCH_DIR:-target/bench}
THREADS_ALL=$(nproc)

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: installing GNU time for peak RSS" >&2
  apt-get install -y time >/dev/null
fi

mkdir -p "$BENCH_DIR"
if [[ $NO_FTFY == 1 ]]; then
  FTFY_PYTHON=false
elif [[ -z ${FTFY_PYTHON:-} ]]; then
  if python3 -c 'import ftfy' 2>/dev/null; then
    FTFY_PYTHON=python3
  else
    FTFY_PYTHON=$BENCH_DIR/ftfy-venv/bin/python
    if ! "$FTFY_PYTHON" -c 'import ftfy' 2>/dev/null; then
      echo "bench: making a venv with ftfy 6.3.1 in $BENCH_DIR/ftfy-venv" >&2
      python3 -m venv "$BENCH_DIR/ftfy-venv"
      "$BENCH_DIR/ftfy-venv/bin/pip" install --quiet ftfy==6.3.1
    fi
  fi
fi

echo "bench: building (release)" >&2
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example toy_ceiling
SCOUR=target/release/scour
TOY=target/release/examples/toy_ceiling
GEN=target/release/examples/gen_corpus

# gen NAME LAYOUT DOCS MIX: generate a corpus unless the same one (same generator too) is
# there already.
GEN_SUM=$(cksum <"$GEN" | cut -d' ' -f1)
gen() {
  local dir="$BENCH_DIR/$1" stamp="seed=$SEED layout=$2 docs=$3 mix=$4 gen=$GEN_SUM"
  if [[ -f $dir/.stamp && $(cat "$dir/.stamp") == "$stamp" ]]; then
    return
  fi
  rm -rf "$dir"
  "$GEN" --seed "$SEED" --docs "$3" --out "$dir" --layout "$2" --mix "$4"
  echo "$stamp" >"$dir/.stamp"
}

input_of() {
  case $1 in
    *-files) echo "$BENCH_DIR/$1/files" ;;
    ftfy-sample) echo "$BENCH_DIR/ftfy-sample.jsonl" ;;
    *) echo "$BENCH_DIR/$1/corpus.jsonl" ;;
  esac
}
bytes_of() { du -sb --apparent-size "$1" | cut -f1; }
docs_of() {
  if [[ -d $1 ]]; then find "$1" -type f | wc -l; else wc -l <"$1"; fi
}
# Warm the page cache so that the first program measured is not the one that pays for it.
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

# measure CMD...: best wall seconds of REPS runs and the largest peak RSS (KiB), as "S KIB".
# Exit status 1 (some documents rejected) still counts as a run.
measure() {
  local best="" rss=0 t0 t1 s r status
  for ((i = 0; i < REPS; i++)); do
    t0=$(date +%s%N)
    status=0
    /usr/bin/time -f %M -o "$BENCH_DIR/time.out" "$@" >/dev/null 2>"$BENCH_DIR/stderr.out" || status=$?
    t1=$(date +%s%N)
    if ((status > 1)); then
      echo "bench: failed ($status): $*" >&2
      cat "$BENCH_DIR/stderr.out" >&2
      exit 1
    fi
    s=$(((t1 - t0) / 1000))
    r=$(tail -n1 "$BENCH_DIR/time.out")
    if [[ -z $best || $s -lt $best ]]; then best=$s; fi
    if ((r > rss)); then rss=$r; fi
  done
  echo "$best $rss"
}

# What a user runs today: ftfy over each document of a JSONL file, one JSON record out.
cat >"$BENCH_DIR/ftfy_clean.py" <<'EOF'
import json, sys
import ftfy
out = sys.stdout
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        doc["text"] = ftfy.fix_text(doc["text"])
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
EOF
have_ftfy() { "$FTFY_PYTHON" -c 'import ftfy' 2>/dev/null; }

results="$BENCH_DIR/results.md"
: >"$results"

if [[ " $TABLES " == *" main "* ]]; then
  gen clean-files files "$FILES_DOCS" clean=1
  gen mixed-files files "$FILES_DOCS" "$MIX"
  gen clean-jsonl jsonl "$JSONL_DOCS" clean=1
  gen mixed-jsonl jsonl "$JSONL_DOCS" "$MIX"
  head -n "$FTFY_DOCS" "$BENCH_DIR/mixed-jsonl/corpus.jsonl" >"$BENCH_DIR/ftfy-sample.jsonl"
  for c in clean-files mixed-files clean-jsonl mixed-jsonl; do
    warm "$(input_of $c)"
  done
  {
    echo "| corpus | docs | MB | threads | scour MB/s | per core | docs/s | peak RSS MB | toy MB/s | scour / toy |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >>"$results"
  declare -A SCOUR_RATE
  for c in clean-jsonl mixed-jsonl clean-files mixed-files; do
    input=$(input_of $c)
    bytes=$(bytes_of "$input")
    docs=$(docs_of "$input")
    for t in 1 "$THREADS_ALL"; do
      echo "bench: $c, $t thread(s)" >&2
      read -r s_us s_rss < <(measure "$SCOUR" clean --quiet --threads "$t" "$input")
      read -r t_us _ < <(measure "$TOY" --threads "$t" "$input")
      SCOUR_RATE[$c/$t]=$(awk -v b="$bytes" -v u="$s_us" 'BEGIN{printf "%.1f", b/u}')
      awk -v c="$c" -v d="$docs" -v b="$bytes" -v t="$t" -v su="$s_us" -v sr="$s_rss" -v tu="$t_us" 'BEGIN{
        s = b / su; toy = b / tu;
        printf "| %s | %d | %.1f | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |\n",
          c, d, b / 1e6, t, s, s / t, d / (su / 1e6), sr / 1024, toy, s / toy }' >>"$results"
      if [[ $t == "$THREADS_ALL" && $t != 1 ]]; then
        SCOUR_RATE[$c/scaling]=$(awk -v a="${SCOUR_RATE[$c/1]}" -v b="${SCOUR_RATE[$c/$t]}" 'BEGIN{printf "%.2f", b/a}')
      fi
    done
  done

  {
    echo
    echo "Scaling, scour at $THREADS_ALL threads over 1 thread:"
    for c in clean-jsonl mixed-jsonl clean-files mixed-files; do
      echo "- $c: ${SCOUR_RATE[$c/scaling]:-n/a}x"
    done
  } >>"$results"

  if have_ftfy; then
    echo "bench: ftfy on $FTFY_DOCS documents" >&2
    sample=$(input_of ftfy-sample)
    bytes=$(bytes_of "$sample")
    version=$("$FTFY_PYTHON" -c 'import ftfy; print(ftfy.__version__)')
    read -r f_us _ < <(REPS=1 measure "$FTFY_PYTHON" "$BENCH_DIR/ftfy_clean.py" "$sample")
    read -r s_us _ < <(measure "$SCOUR" clean --quiet --threads 1 "$sample")
    read -r a_us _ < <(measure "$SCOUR" clean --quiet --threads "$THREADS_ALL" "$sample")
    awk -v v="$version" -v n="$FTFY_DOCS" -v b="$bytes" -v fu="$f_us" -v su="$s_us" -v au="$a_us" -v t="$THREADS_ALL" 'BEGIN{
      printf "\nftfy %s vs scour, 1 thread, first %d documents of mixed-jsonl (%.1f MB): ftfy %.2f MB/s, scour %.0f MB/s, scour / ftfy = %.0fx\n",
        v, n, b / 1e6, b / fu, b / su, fu / su;
      printf "scour at %d threads (its default) against the one-process ftfy script: %.0f MB/s, %.0fx\n",
        t, b / au, fu / au }' >>"$results"
  else
    echo >>"$results"
    echo "ftfy: not importable by $FTFY_PYTHON (set FTFY_PYTHON to a Python with ftfy 6.3.1)" >>"$results"
  fi
  echo >>"$results"
fi

# The kinds table: one thread throughout. scour / ftfy divides scour's rate on the whole
# kind corpus by ftfy's on its first documents (the same generator, the same shapes), so
# that scour's start (about 5 ms) does not weigh on a sample of a few hundred KB.
if [[ " $TABLES " == *" kinds "* ]]; then
  ftfy_note="ftfy: none"
  if have_ftfy; then
    ftfy_note="ftfy $("$FTFY_PYTHON" -c 'import ftfy; print(ftfy.__version__)') on the first $FTFY_KIND_DOCS documents of each kind ($((FTFY_KIND_DOCS * 20)) tweets)"
  fi
  {
    echo "| kind | docs | MB | scour MB/s | toy MB/s | scour / toy | target | ftfy MB/s | scour / ftfy | target |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >>"$results"
  for k in $KINDS; do
    docs=$KIND_DOCS
    fdocs=$FTFY_KIND_DOCS
    if [[ $k == short ]]; then
      docs=$((KIND_DOCS * 20))
      fdocs=$((FTFY_KIND_DOCS * 20))
    fi
    gen "kind-$k" jsonl "$docs" "$k=1"
    input=$(input_of "kind-$k")
    warm "$input"
    bytes=$(bytes_of "$input")
    echo "bench: kind $k" >&2
    read -r s_us _ < <(measure "$SCOUR" clean --quiet --threads 1 "$input")
    read -r t_us _ < <(measure "$TOY" --threads 1 "$input")
    toy_target=0.8
    if [[ $k == mojibake ]]; then toy_target=0.5; fi
    ftfy_target=""
    case $k in short | web_en | web_de) ftfy_target=200 ;; esac
    f_us=0
    fbytes=0
    if have_ftfy; then
      head -n "$fdocs" "$input" >"$BENCH_DIR/ftfy-kind.jsonl"
      fbytes=$(bytes_of "$BENCH_DIR/ftfy-kind.jsonl")
      read -r f_us _ < <(REPS=1 measure "$FTFY_PYTHON" "$BENCH_DIR/ftfy_clean.py" "$BENCH_DIR/ftfy-kind.jsonl")
    fi
    awk -v k="$k" -v d="$docs" -v b="$bytes" -v su="$s_us" -v tu="$t_us" -v tt="$toy_target" \
      -v fb="$fbytes" -v fu="$f_us" -v ft="$ftfy_target" 'BEGIN{
      s = b / su; toy = b / tu;
      f = fu > 0 ? sprintf("%.2f", fb / fu) : "";
      r = fu > 0 ? sprintf("%.0fx", s / (fb / fu)) : "";
      fok = "";
      if (ft != "") fok = sprintf("%s %s", (fu > 0 && s / (fb / fu) >= ft ? "ok" : "below"), ft);
      printf "| %s | %d | %.1f | %.0f | %.0f | %.2f | %s %s | %s | %s | %s |\n",
        k, d, b / 1e6, s, toy, s / toy, (s / toy >= tt ? "ok" : "below"), tt, f, r, fok }' >>"$results"
  done
  echo >>"$results"
  echo "Kinds: one thread, KIND_DOCS=$KIND_DOCS; $ftfy_note." >>"$results"
fi

{
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $THREADS_ALL cores," \
    "FILES_DOCS=$FILES_DOCS JSONL_DOCS=$JSONL_DOCS REPS=$REPS SEED=$SEED MIX=$MIX; best of REPS wall times, output to /dev/null"
} >>"$results"
cat "$results"
