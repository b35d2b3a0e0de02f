"""Generates pathological but valid C++ for cta's robustness tests.

usage: generate.py chain N | elseif N | returns N
  chain N    one expression with N chained '<<' (deep AST)
  elseif N   an if/else-if chain of N map checks and inserts
  returns N  N early returns on map checks, then one insert
"""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
print("#include <map>\n#include <mutex>\n#include <string>")
print("std::map<int, int> g;")
if kind == "chain":
    print("struct Out { Out &operator<<(int) { return *this; } };")
    print("void f(Out &o) {\n  o" + " << 1" * n + ";\n}")
    print("void race(int k) {\n  if (!g.count(k)) g[k] = 1;\n}")
elif kind == "elseif":
    print("void f(int k) {")
    for i in range(n):
        kw = "if" if i == 0 else "else if"
        print("  %s (k == %d && !g.count(%d)) g[%d] = 1;" % (kw, i, i, i))
    print("}")
elif kind == "returns":
    print("int f(int k) {")
    for i in range(n):
        print("  if (k > %d && g.count(k)) return %d;" % (i, i))
    print("  g[k] = 1;\n  return -1;\n}")
