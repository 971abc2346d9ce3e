#!/bin/bash
# make check: the written style, enforced by tools (STYLE.md).
#  - banned C library calls (STYLE.md rule 17), as curl's checksrc does;
#  - the layering of DESIGN.md, read from the includes;
#  - clang-format, against .clang-format.
set -u
cd "$(dirname "$0")/.."
rc=0
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof|tmpnam|system|popen|alloca)[[:space:]]*\('
if grep -rnE "$banned" --include='*.[ch]' src tests bench 2>/dev/null; then
  echo "check: banned call (STYLE.md rule 17)"; rc=1
fi
layer() { # dir pattern message (a module's messages.def may be included anywhere: the catalogue)
  if grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" --include='*.[ch]' "$1" 2>/dev/null | grep -v 'messages\.def"'; then
    echo "check: $3"; rc=1
  fi
}
layer src/domain '([^"]*/)?(store|http|api|cli|service|auth)/|sqlite3\.h|microhttpd\.h|jansson\.h' "domain/ must stay pure"
layer src/text '([^"]*/)?(store|http|api|cli|service|auth|domain)/|sqlite3\.h|microhttpd\.h|jansson\.h' "text/ is below domain/"
layer src/core '([^"]*/)?(text|store|http|api|cli|service|auth|domain)/|microhttpd\.h|jansson\.h' "core/ is the bottom layer"
layer src/api '([^"]*/)?store/|sqlite3\.h' "api/ goes through service/"
layer src/cli '([^"]*/)?store/|sqlite3\.h' "cli/ goes through service/"
layer src/store '([^"]*/)?(http|api|cli|service)/|microhttpd\.h|jansson\.h' "store/ must not reach upward"
layer src/service '([^"]*/)?(http|api|cli)/|microhttpd\.h|jansson\.h' "service/ knows no HTTP or JSON"
layer src/report '([^"]*/)?(store|http|api|cli|service|auth)/|sqlite3\.h|microhttpd\.h|jansson\.h' "report/ renders what service/ hands it"
# Every error code raised has Vietnamese and English text in a messages.def.
used=$(grep -rhoE 'err_setf?\([^,]+, *ST_[A-Z_]+, *"[a-z0-9_]+"' src | grep -oE '"[a-z0-9_]+"$' | tr -d '"' | sort -u)
known=$(grep -rhoE 'MSG\("[a-z0-9_]+"' src | sed 's/MSG("//; s/"//' | sort -u)
missing=$(printf '%s\n' "$used" | grep -vxF -f <(printf '%s\n' "$known") || true)
if [ -n "$missing" ]; then echo "check: error codes without a message:"; echo "$missing"; rc=1; fi
if command -v clang-format >/dev/null; then
  bad=$(for f in $(find src tests/unit tests/fuzz bench -name '*.[ch]' 2>/dev/null); do
          clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
  if [ -n "$bad" ]; then echo "check: not clang-formatted (run clang-format -i):"; echo "$bad"; rc=1; fi
fi
[ $rc -eq 0 ] && echo "check: ok"
exit $rc
