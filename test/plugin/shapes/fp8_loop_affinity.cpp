// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: members of an event-loop-confined object (drogon/trantor shape):
// the method asserts it runs on the owning loop thread
#include <atomic>
#include <memory>
struct Loop { void assertInLoopThread() const {} };
struct Resolver {};
class Client {
 public:
  void sendInLoop() {
    loop_->assertInLoopThread();  // everything below runs on one thread
    if (dnsPending_) return;
    dnsPending_ = true;           // not a race here:
    if (!resolver_)
      resolver_ = std::make_shared<Resolver>();   // not a race here:
  }
 private:
  Loop* loop_ = nullptr;
  std::atomic<size_t> bufferSize_{0};   // the only "intent" signal
  bool dnsPending_ = false;
  std::shared_ptr<Resolver> resolver_;
};
