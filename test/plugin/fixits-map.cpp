// RUN: cp %s %t.cpp && %clang_cta -fsyntax-only -Xclang -fixit %t.cpp 2>&1 | %check_strict %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.cpp
// RUN: %clang_mock -fsyntax-only -Werror %t.cpp
// RUN: %clang_cta -fsyntax-only %t.cpp 2>&1 | %check_clean %s --check-prefix=CLEAN
//
// Fix-its of cta-map-get-or-add: where the check only guards the insertion of the same
// key, the check goes and one atomic call stays. The fixed file must compile (third
// RUN) and be clean under the plugin (fourth RUN).
// FIXED patterns are anchored at the start of a line with the code's indentation so the
// comment lines of this file (which -fixit leaves in place) cannot satisfy them.
// CLEAN-NOT: warning:

#include <map>
#include <set>
#include <string>
#include <unordered_map>

std::map<int, int> g_map;
std::unordered_map<std::string, int> g_names;
std::set<int> g_set;

// FIXED-LABEL: {{^}}void findEqualsEndSubscript(int k, int v) {
void findEqualsEndSubscript(int k, int v) {
  if (g_map.find(k) == g_map.end()) g_map[k] = v;
  // DIAG: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_map': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-2]]:7: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-3]]:7: note: check of 'g_map' here
  // DIAG: :[[@LINE-4]]:37: note: act on 'g_map' here
  // DIAG: note: use {{.+}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_map\.try_emplace\(k, v\);$}}
}

// FIXED-LABEL: {{^}}void findEqualsEndBraced(int k, int v) {
void findEqualsEndBraced(int k, int v) {
  if (g_map.find(k) == g_map.end()) {
    g_map[k] = v;
  }
  // DIAG: :[[@LINE-3]]:7: warning: check-then-act race on shared 'g_map': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-4]]:7: note: FIX-IT applied suggested code changes
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_map\.try_emplace\(k, v\);$}}
  // FIXED-NOT: {{^ *if \(}}
}

// FIXED-LABEL: {{^}}void countNegatedInsert(const std::string &k, int v) {
void countNegatedInsert(const std::string &k, int v) {
  if (!g_names.count(k)) g_names.insert({k, v});
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_names': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-2]]:8: note: FIX-IT applied suggested code changes
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_names\.insert\(\{k, v\}\);$}}
}

// FIXED-LABEL: {{^}}void countEqualsZeroEmplace(const std::string &k, int v) {
void countEqualsZeroEmplace(const std::string &k, int v) {
  if (g_names.count(k) == 0) g_names.emplace(k, v);
  // DIAG: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-2]]:7: note: FIX-IT applied suggested code changes
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_names\.emplace\(k, v\);$}}
}

// FIXED-LABEL: {{^}}void setCountInsert(int x) {
void setCountInsert(int x) {
  if (!g_set.count(x)) g_set.insert(x);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_set': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-2]]:8: note: FIX-IT applied suggested code changes
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_set\.insert\(x\);$}}
}

// FIXED-LABEL: {{^}}void setFindInsert(int x) {
void setFindInsert(int x) {
  if (g_set.find(x) == g_set.end()) g_set.insert(x);
  // DIAG: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_set': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
  // DIAG: :[[@LINE-2]]:7: note: FIX-IT applied suggested code changes
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_set\.insert\(x\);$}}
}

// FIXED-LABEL: {{^}}// end of file
// end of file
