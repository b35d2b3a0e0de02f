// RUN: cp %s %t.cpp && %clang_cta -fsyntax-only -Xclang -fixit %t.cpp 2>&1 | %check_strict %s --check-prefix=DIAG
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.cpp
// RUN: %clang_mock -fsyntax-only -Werror %t.cpp
// RUN: %clang_cta -fsyntax-only %t.cpp 2>&1 | %check_clean %s --check-prefix=CLEAN
//
// Fix-it of cta-lazy-init: a function-local static pointer that starts null and is
// set once by `if (!p) p = new T(...)` right after its declaration becomes a magic
// static initialized with the same expression, and the test goes.
// CLEAN-NOT: warning:

struct Widget {
  explicit Widget(int N);
};

// FIXED-LABEL: {{^}}Widget *localStaticNegation() {
Widget *localStaticNegation() {
  static Widget *w = nullptr;
  if (!w) w = new Widget(3);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'w': lazy initialization is not atomic [cta-lazy-init]
  // DIAG: :[[@LINE-2]]:8: note: FIX-IT applied suggested code changes
  // DIAG: :[[@LINE-3]]:8: note: check of 'w' here
  // DIAG: :[[@LINE-4]]:11: note: act on 'w' here
  // DIAG: note: use {{.+}}
  // FIXED: {{^  static Widget \*w = new Widget\(3\);$}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED: {{^  return w;$}}
  return w;
}

// FIXED-LABEL: {{^}}Widget *localStaticEqualsNull() {
Widget *localStaticEqualsNull() {
  static Widget *w = nullptr;
  if (w == nullptr) {
    w = new Widget(4);
  }
  // DIAG: :[[@LINE-3]]:7: warning: check-then-act race on shared 'w': lazy initialization is not atomic [cta-lazy-init]
  // DIAG: :[[@LINE-4]]:7: note: FIX-IT applied suggested code changes
  // FIXED: {{^  static Widget \*w = new Widget\(4\);$}}
  // FIXED-NOT: {{^ *if \(}}
  // FIXED-NOT: {{^ *w = new}}
  // FIXED: {{^  return w;$}}
  return w;
}

// FIXED-LABEL: {{^}}// end of file
// end of file
