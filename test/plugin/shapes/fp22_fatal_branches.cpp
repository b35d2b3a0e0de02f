// A check whose other branch ends the program states a protocol ("Init runs
// once"): the finding stays, at low confidence, hidden by the default
// min-confidence (medium). A throw is an ordinary branch.
// RUN: %clang_cta -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW --implicit-check-not='{{warning|error}}:'
#include <map>
#include <mutex>

[[noreturn]] void die(const char *);
extern "C" void __assert_fail(const char *, const char *, unsigned, const char *) __attribute__((noreturn));
#define my_assert(e) (static_cast<bool>(e) ? void(0) : __assert_fail(#e, __FILE__, __LINE__, __func__))

// glog: a temporary whose destructor never returns.
struct FatalMessage {
  [[noreturn]] ~FatalMessage();
  FatalMessage &stream() { return *this; }
};
template <class T> FatalMessage &operator<<(FatalMessage &m, const T &) { return m; }
#define LOG_FATAL FatalMessage().stream()
#define CHECK(c) (void)0, (c) ? (void)0 : (void)(LOG_FATAL << "Check failed: " #c)

struct Conf {};

class Engine {
public:
  void initAbort() {
    if (conf_) die("init twice");
    // LOW: :[[@LINE-1]]:9: warning: check-then-act race on shared 'conf_': lazy initialization is not atomic [cta-lazy-init]
    // LOW: note: check of {{.+}} here; shared because 'Engine' has the synchronization member 'mu_' (low confidence)
    conf_ = new Conf;
  }
  void initAssert() {
    my_assert(!other_);
    // LOW: :[[@LINE-1]]:5: warning: check-then-act race on shared 'other_'
    // LOW: (low confidence)
    other_ = new Conf;
  }
  void initCheck() {
    CHECK(third_ == nullptr);
    // LOW: :[[@LINE-1]]:5: warning: check-then-act race on shared 'third_'
    // LOW: (low confidence)
    third_ = new Conf;
  }
  void initLogFatal() {
    if (fourth_ != nullptr) {
      LOG_FATAL << "twice";
    }
    // LOW: :[[@LINE-3]]:9: warning: check-then-act race on shared 'fourth_'
    // LOW: (low confidence)
    fourth_ = new Conf;
  }
  // A throw hands the error to the caller: the check picks a branch.
  void initThrow() {
    if (fifth_)
      throw 1;
    // DEFAULT: :[[@LINE-2]]:9: warning: check-then-act race on shared 'fifth_'
    // DEFAULT: note: check of {{.+}} here; shared because 'Engine' has the synchronization member 'mu_' (medium confidence)
    // LOW: :[[@LINE-4]]:9: warning: check-then-act race on shared 'fifth_'
    fifth_ = new Conf;
  }
  // A fatal branch with an ordinary guard as well: the ordinary one counts.
  void addOrDie(int k) {
    if (m_.count(k))
      return;
    if (m_.size() > 100000) die("full");
    m_[k] = 1;
    // DEFAULT: :[[@LINE-4]]:9: warning: check-then-act race on shared 'm_'
    // DEFAULT: (medium confidence)
    // LOW: :[[@LINE-6]]:9: warning: check-then-act race on shared 'm_'
  }

private:
  std::mutex mu_;
  Conf *conf_ = nullptr, *other_ = nullptr, *third_ = nullptr,
       *fourth_ = nullptr, *fifth_ = nullptr;
  std::map<int, int> m_;
};
