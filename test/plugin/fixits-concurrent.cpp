// RUN: cp %s %t.cpp && %clang_cta -fsyntax-only -Xclang -fixit %t.cpp 2>&1 | %check_strict %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.cpp
// RUN: %clang_mock -fsyntax-only -Werror %t.cpp
// RUN: %clang_cta -fsyntax-only %t.cpp 2>&1 | %check_strict %s --check-prefix=CLEAN
//
// Fix-its of cta-concurrent-container: where the lookup only guards an insert of the
// same key whose arguments have no side effects, the lookup goes and the one atomic
// call stays (a subscript becomes 'emplace'). The fixed file must compile (third
// RUN); only the findings without a fix-it remain (fourth RUN).
// FIXED patterns are anchored at the start of a line with the code's indentation so the
// comment lines of this file (which -fixit leaves in place) cannot satisfy them.

#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_unordered_map.h>
#include <oneapi/tbb/concurrent_unordered_set.h>
#include <string>

tbb::concurrent_unordered_map<std::string, int> g_counts;
tbb::concurrent_unordered_set<int> g_seen;
using Table = tbb::concurrent_hash_map<int, int>;
Table g_table;
int build(int K);

// FIXED-LABEL: {{^}}void countThenInsert(const std::string &k, int v) {
void countThenInsert(const std::string &k, int v) {
  if (!g_counts.count(k)) g_counts.insert({k, v});
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_counts': 'count' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG: :[[@LINE-2]]:8: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-3]]:8: note: check of 'g_counts' here
  // DIAG: :[[@LINE-4]]:27: note: act on 'g_counts' here
  // DIAG: note: use 'emplace' alone {{.+}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_counts\.insert\(\{k, v\}\);$}}
}

// FIXED-LABEL: {{^}}void findThenSubscript(const std::string &k, int v) {
void findThenSubscript(const std::string &k, int v) {
  if (g_counts.find(k) == g_counts.end()) {
    g_counts[k] = v;
  }
  // DIAG: :[[@LINE-3]]:7: warning: check-then-act race on shared 'g_counts': 'find' then 'operator[]' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG: :[[@LINE-4]]:7: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-5]]:7: note: check of 'g_counts' here
  // DIAG: :[[@LINE-5]]:5: note: act on 'g_counts' here
  // DIAG: note: use 'emplace' alone {{.+}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_counts\.emplace\(k, v\);$}}
}

// FIXED-LABEL: {{^}}void setCountThenInsert(int id) {
void setCountThenInsert(int id) {
  if (g_seen.count(id) == 0)
    g_seen.insert(id);
  // DIAG: :[[@LINE-2]]:7: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG: :[[@LINE-3]]:7: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-4]]:7: note: check of 'g_seen' here
  // DIAG: :[[@LINE-4]]:5: note: act on 'g_seen' here
  // DIAG: note: use 'insert' alone {{.+}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_seen\.insert\(id\);$}}
}

// FIXED-LABEL: {{^}}void hashMapCountThenInsert(int id, int v) {
void hashMapCountThenInsert(int id, int v) {
  if (!g_table.count(id))
    g_table.insert({id, v});
  // DIAG: :[[@LINE-2]]:8: warning: check-then-act race on shared 'g_table': 'count' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG: :[[@LINE-3]]:8: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-4]]:8: note: check of 'g_table' here
  // DIAG: :[[@LINE-4]]:5: note: act on 'g_table' here
  // DIAG: note: use 'insert(accessor, key)' {{.+}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  g_table\.insert\(\{id, v\}\);$}}
}

// No fix-it: the bare emplace would call build() even when the key is there.
// FIXED-LABEL: {{^}}void sideEffectValue(int id) {
void sideEffectValue(int id) {
  if (!g_table.count(id))
    g_table.emplace(id, build(id));
  // DIAG: :[[@LINE-2]]:8: warning: check-then-act race on shared 'g_table': 'count' then 'emplace' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG-NOT: FIX-IT
  // DIAG: :[[@LINE-4]]:8: note: check of 'g_table' here
  // DIAG: :[[@LINE-4]]:5: note: act on 'g_table' here
  // DIAG: note: use {{.+}}
  // CLEAN: :{{[0-9]+}}:8: warning: {{.+}} 'count' then 'emplace' {{.+}} [cta-concurrent-container]
  // CLEAN: note: check of 'g_table' here
  // CLEAN: note: act on 'g_table' here
  // CLEAN: note: use {{.+}}
  // FIXED: {{^  if \(!g_table\.count\(id\)\)$}}
}

// No fix-it: an accessor form would lock the element where the `if` did not.
// FIXED-LABEL: {{^}}void accessorForm(int id) {
void accessorForm(int id) {
  Table::accessor a;
  if (!g_table.find(a, id))
    g_table.insert(a, id);
  // DIAG: :[[@LINE-2]]:8: warning: check-then-act race on shared 'g_table': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // DIAG-NOT: FIX-IT
  // DIAG: :[[@LINE-4]]:8: note: check of 'g_table' here
  // DIAG: :[[@LINE-4]]:5: note: act on 'g_table' here
  // DIAG: note: use {{.+}}
  // CLEAN: :{{[0-9]+}}:8: warning: {{.+}} 'find' then 'insert' {{.+}} [cta-concurrent-container]
  // CLEAN: note: check of 'g_table' here
  // CLEAN: note: act on 'g_table' here
  // CLEAN: note: use {{.+}}
  // FIXED: {{^  if \(!g_table\.find\(a, id\)\)$}}
}
