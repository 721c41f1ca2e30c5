#include "http/event_publisher.h"

#include <gtest/gtest.h>

namespace esep::http {
namespace {

class RecordingSink : public EventSink {
 public:
  void SendEvent(std::string frame) override { frames.push_back(std::move(frame)); }
  std::vector<std::string> frames;
};

TEST(EventPublisherTest, FramesCannotBeBrokenByTheData) {
  EXPECT_EQ(EventPublisher::Frame("progress", "{\"a\":1}"), "event: progress\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(EventPublisher::Frame("", "x"), "data: x\n\n");
  EXPECT_EQ(EventPublisher::Frame("a\nb", "1\n\nid: 3\r"),
            "event: a b\ndata: 1\ndata: \ndata: id: 3 \n\n");
}

TEST(EventPublisherTest, PublishesToLiveSubscribersOnly) {
  EventPublisher publisher;
  auto first = std::make_shared<RecordingSink>();
  auto second = std::make_shared<RecordingSink>();
  publisher.Subscribe(first);
  publisher.Subscribe(second);
  publisher.Publish("e", "1");
  second.reset();
  EXPECT_EQ(publisher.subscribers(), 1u);
  publisher.Publish("e", "2");
  EXPECT_EQ(first->frames,
            (std::vector<std::string>{"event: e\ndata: 1\n\n", "event: e\ndata: 2\n\n"}));
}

}  // namespace
}  // namespace esep::http
