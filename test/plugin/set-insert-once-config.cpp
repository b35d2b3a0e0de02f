// RUN: printf 'disabled-rules: [cta-set-insert-once]\n' > %t.yaml
// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s --check-prefix=ON
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-config=%t.yaml %s 2>&1 | %check_strict %s --check-prefix=OFF
//
// disabled-rules turns cta-set-insert-once off by its id; the pair is then what it was
// before the rule existed, a cta-map-get-or-add.

#include <set>

void send(int Id);
std::set<int> g_seen;

void once(int id) {
  if (!g_seen.count(id)) {
    // ON: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
    // OFF: :[[@LINE-2]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_seen.insert(id);
    send(id);
  }
}
