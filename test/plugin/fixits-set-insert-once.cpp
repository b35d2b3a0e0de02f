// RUN: cp %s %t.cpp && %clang_cta -fsyntax-only -Xclang -fixit %t.cpp 2>&1 | %check_strict %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.cpp
// RUN: %clang_mock -fsyntax-only -Werror %t.cpp
// RUN: %clang_cta -fsyntax-only %t.cpp 2>&1 | %check_strict %s --check-prefix=CLEAN
//
// Fix-its of cta-set-insert-once: where the condition is exactly the membership test and
// the insert is the first statement of its block, the insert moves into the condition and
// its '.second' gates the block. The fixed file must compile (third RUN) and only the
// cases without a fix-it stay flagged (fourth RUN).
// FIXED patterns are anchored at the start of a line with the code's indentation so the
// comment lines of this file (which -fixit leaves in place) cannot satisfy them.

#include <map>
#include <set>
#include <string>
#include <unordered_set>

void send(int Id);
void notify(const std::string &Name);

std::set<int> g_seen;
std::unordered_set<std::string> g_names;
std::map<int, bool> g_started;

// FIXED-LABEL: {{^}}void countNegated(int id) {
void countNegated(int id) {
  if (!g_seen.count(id)) {
    g_seen.insert(id);
    send(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG: :[[@LINE-5]]:8: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-6]]:8: note: check of 'g_seen' here
  // FIXED: {{^  if \(g_seen\.insert\(id\)\.second\) \{$}}
  // FIXED-NEXT: {{^    send\(id\);$}}
  // FIXED-NEXT: {{^  }$}}
}

// FIXED-LABEL: {{^}}void findEqualsEnd(const std::string &name) {
void findEqualsEnd(const std::string &name) {
  if (g_names.find(name) == g_names.end()) {
    g_names.insert(name);
    notify(name);
    send(1);
  }
  // DIAG: :[[@LINE-5]]:7: warning: {{.*}} [cta-set-insert-once]
  // DIAG: :[[@LINE-6]]:7: note: FIX-IT applied suggested code changes
  // FIXED: {{^  if \(g_names\.insert\(name\)\.second\) \{$}}
  // FIXED-NEXT: {{^    notify\(name\);$}}
  // FIXED-NEXT: {{^    send\(1\);$}}
}

// FIXED-LABEL: {{^}}void emplaceWithElse(int id) {
void emplaceWithElse(int id) {
  if (g_seen.count(id) == 0) {
    g_seen.emplace(id);
    send(id);
  } else {
    send(-id);
  }
  // DIAG: :[[@LINE-6]]:7: warning: {{.*}} [cta-set-insert-once]
  // DIAG: :[[@LINE-7]]:7: note: FIX-IT applied suggested code changes
  // FIXED: {{^  if \(g_seen\.emplace\(id\)\.second\) \{$}}
  // FIXED-NEXT: {{^    send\(id\);$}}
  // FIXED-NEXT: {{^  } else \{$}}
}

// FIXED-LABEL: {{^}}void mapEmplaceFlag(int id) {
void mapEmplaceFlag(int id) {
  if (!g_started.count(id)) {
    g_started.emplace(id, true);
    send(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG: :[[@LINE-5]]:8: note: FIX-IT applied suggested code changes
  // FIXED: {{^  if \(g_started\.emplace\(id, true\)\.second\) \{$}}
  // FIXED-NEXT: {{^    send\(id\);$}}
}

// No fix-it: the work runs before the insert, and moving the insert first would
// change what a throwing 'send' leaves behind.
// FIXED-LABEL: {{^}}void workFirst(int id) {
void workFirst(int id) {
  if (!g_seen.count(id)) {
    send(id);
    g_seen.insert(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG-NOT: FIX-IT
  // DIAG: note: use 'if (g_seen.insert(id).second)'
  // CLEAN: warning: check-then-act race on shared '{{g_seen|g_started}}'{{.*}} [cta-set-insert-once]
  // FIXED: {{^  if \(!g_seen\.count\(id\)\) \{$}}
}

// No fix-it: the condition tests more than membership.
// FIXED-LABEL: {{^}}void moreThanMembership(int id, bool force) {
void moreThanMembership(int id, bool force) {
  if (!g_seen.count(id) && !force) {
    g_seen.insert(id);
    send(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG-NOT: FIX-IT
  // DIAG: note: use
  // CLEAN: warning: check-then-act race on shared '{{g_seen|g_started}}'{{.*}} [cta-set-insert-once]
  // FIXED: {{^  if \(!g_seen\.count\(id\) && !force\) \{$}}
}

// No fix-it: 'g_started[id] = true' is no call whose result could gate.
// FIXED-LABEL: {{^}}void mapSubscriptFlag(int id) {
void mapSubscriptFlag(int id) {
  if (!g_started.count(id)) {
    g_started[id] = true;
    send(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG-NOT: FIX-IT
  // DIAG: note: use 'if (g_started.try_emplace(id, true).second)'
  // CLEAN: warning: check-then-act race on shared '{{g_seen|g_started}}'{{.*}} [cta-set-insert-once]
  // FIXED: {{^    g_started\[id\] = true;$}}
}

// No fix-it: a comment on the insert's line would be lost.
// FIXED-LABEL: {{^}}void commented(int id) {
void commented(int id) {
  if (!g_seen.count(id)) {
    g_seen.insert(id); // remember it
    send(id);
  }
  // DIAG: :[[@LINE-4]]:8: warning: {{.*}} [cta-set-insert-once]
  // DIAG-NOT: FIX-IT
  // DIAG: note: use
  // CLEAN: warning: check-then-act race on shared '{{g_seen|g_started}}'{{.*}} [cta-set-insert-once]
  // FIXED: {{^    g_seen\.insert\(id\); // remember it$}}
}
