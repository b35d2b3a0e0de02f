// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: a "non-empty" test inside `a || b` is taken as a possible "absent" check;
// the guarded act is a pop done under the lock (brpc bthread/key.cpp shape)
#include <mutex>
struct Node { Node* next; };
struct FreeList { std::mutex mu; Node* local = nullptr; Node* head = nullptr; };
Node* Pop(FreeList* fl) {
  if (fl->local || fl->head) {                   // outcome for 'head' unknown here
    std::lock_guard<std::mutex> l(fl->mu);
    Node* p = fl->head;
    if (p) fl->head = p->next;                   // not a race here:
    return p;
  }
  return nullptr;
}
