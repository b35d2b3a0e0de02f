// RUN: %expect_exit 1 %cta lint %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 | %check_strict %s
// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// Suppression comments, the same in `cta lint` and in the plugin: NOLINT and
// NOLINT(<rules>) on the check line or the act line, NOLINTNEXTLINE(<rules>)
// on the line before either, and `cta:ignore <rule> <reason>` on the check
// line or the act line. A comment naming another rule suppresses nothing.
// The expectations sit after the code they describe, so that their own text
// is never the line before a check or an act.

#include <map>
#include <memory>
#include <mutex>

std::map<int, int> g1, g2, g3, g4, g5, g6, g7, g8, g9, g10;

void bareNolint(int k) {
  if (g1.find(k) == g1.end()) g1[k] = 1; // NOLINT
}

void namedNolint(int k) {
  if (g2.find(k) == g2.end()) g2[k] = 1; // NOLINT(cta-map-get-or-add)
}

void otherCheckNolint(int k) {
  if (g3.find(k) == g3.end()) g3[k] = 1; // NOLINT(bugprone-unused-return-value)
  // CHECK: suppressions.cpp:[[@LINE-1]]:7: warning: check-then-act race on shared 'g3': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

void listNolint(int k) {
  if (g4.find(k) == g4.end()) g4[k] = 1; // NOLINT(bugprone-foo, cta-map-get-or-add)
}

void wildcardNolint(int k) {
  if (g5.find(k) == g5.end()) g5[k] = 1; // NOLINT(cta-*)
}

void nolintOnTheAct(int k) {
  if (g6.count(k) == 0)
    g6[k] = 1; // NOLINT(cta-map-get-or-add)
}

void nextLineBeforeCheck(int k) {
  // NOLINTNEXTLINE(cta-map-get-or-add)
  if (g7.find(k) == g7.end()) g7[k] = 1;
}

void nextLineBeforeAct(int k) {
  if (g8.count(k) == 0)
    // NOLINTNEXTLINE(cta-map-get-or-add)
    g8[k] = 1;
}

void nextLineOtherRule(int k) {
  // NOLINTNEXTLINE(cta-lazy-init)
  if (g9.find(k) == g9.end()) g9[k] = 1;
  // CHECK: suppressions.cpp:[[@LINE-1]]:7: warning: check-then-act race on shared 'g9': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

void nolintTwoLinesAway(int k) { // NOLINT(cta-map-get-or-add)
  if (g10.count(k) == 0)
    g10[k] = 1;
  // CHECK: suppressions.cpp:[[@LINE-2]]:7: warning: check-then-act race on shared 'g10': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

struct Widget {
  Widget();
};

class Lazy {
public:
  Widget *ignoreOnCheck() {
    if (!a_) // cta:ignore cta-lazy-init only called from main() before the workers start
      a_ = new Widget();
    return a_;
  }

  Widget *ignoreOnAct() {
    if (!b_)
      b_ = new Widget(); // cta:ignore cta-lazy-init only called from main()
    return b_;
  }

  Widget *ignoreShortRuleName() {
    if (!c_) // cta:ignore lazy-init set up by the constructor's caller
      c_ = new Widget();
    return c_;
  }

  Widget *ignoreOtherRule() {
    if (!d_) // cta:ignore cta-map-get-or-add wrong rule named
      d_ = new Widget();
    // CHECK: suppressions.cpp:[[@LINE-2]]:10: warning: check-then-act race on shared 'd_': lazy initialization is not atomic [cta-lazy-init]
    return d_;
  }

  Widget *ignoreWithoutRule() {
    if (!e_) // cta:ignore
      e_ = new Widget();
    // CHECK: suppressions.cpp:[[@LINE-2]]:10: warning: check-then-act race on shared 'e_': lazy initialization is not atomic [cta-lazy-init]
    return e_;
  }

private:
  std::mutex mu_;
  Widget *a_ = nullptr, *b_ = nullptr, *c_ = nullptr, *d_ = nullptr,
         *e_ = nullptr;
};
