// Thread affinity, inherited (trantor Connector, drogon HttpClientImpl
// shapes): a private helper only code on the object's loop calls, and a
// function handed to the loop (`runInLoop`, a channel's or a client's
// callback), run on that loop's one thread. Their findings on members of
// `this` are low confidence ("runs on one thread: ..."), hidden by default.
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace trantor {
class EventLoop {
public:
  void assertInLoopThread() const;
  void runInLoop(const std::function<void()> &f);
  void queueInLoop(std::function<void()> &&f);
};
class Channel {
public:
  void setWriteCallback(const std::function<void()> &cb);
};
class TcpServer {
public:
  void setMessageCallback(const std::function<void()> &cb);
};
} // namespace trantor

enum class Status { Disconnected, Connecting, Connected };

class Connector : public std::enable_shared_from_this<Connector> {
public:
  void start() {
    loop_->runInLoop([this]() { startInLoop(); });
  }
  void startServer(trantor::TcpServer *s) {
    s->setMessageCallback([this]() { onServerMessage(); });
  }
  // Positive: public, and called from any thread.
  void stop() {
    if (status_ == Status::Connecting)
      status_ = Status::Disconnected;
    // DEFAULT: [[@LINE-2]]:9: warning: {{.*}}'status_'{{.*}} [cta-atomic-check-then-act]
  }

private:
  void startInLoop() {
    loop_->assertInLoopThread();
    connect();
  }
  // Negative: only startInLoop (which asserts) calls it.
  void connect() {
    if (!channel_)
      channel_ = std::make_shared<trantor::Channel>();
    // LOW: [[@LINE-2]]:10: warning: {{.*}}'channel_'{{.*}} [cta-lazy-init]
    // LOW: shared because {{.*}} (low confidence)
    channel_->setWriteCallback(
        std::bind(&Connector::handleWrite, shared_from_this()));
  }
  // Negative: a channel's callback runs on the channel's loop.
  void handleWrite() {
    if (status_ == Status::Connecting)
      status_ = Status::Connected;
    // LOW: [[@LINE-2]]:9: warning: {{.*}}'status_'{{.*}} [cta-atomic-check-then-act]
    // LOW: shared because {{.*}} (low confidence)
  }
  // Positive: a server's callbacks run on many loops.
  void onServerMessage() {
    if (!served_)
      served_ = std::make_shared<int>(1);
    // DEFAULT: [[@LINE-2]]:10: warning: {{.*}}'served_'{{.*}} [cta-lazy-init]
  }
  // Positive: called from the loop and from a lambda no loop runs.
  void retry() {
    if (!timer_)
      timer_ = std::make_shared<int>(2);
    // DEFAULT: [[@LINE-2]]:10: warning: {{.*}}'timer_'{{.*}} [cta-lazy-init]
  }
public:
  void retryLater() {
    loop_->queueInLoop([this]() { retry(); });
    std::function<void()> f = [this]() { retry(); };
    f();
  }

private:
  trantor::EventLoop *loop_ = nullptr;
  std::mutex mu_;
  std::atomic<Status> status_{Status::Disconnected};
  std::shared_ptr<trantor::Channel> channel_;
  std::shared_ptr<int> served_, timer_;
};
