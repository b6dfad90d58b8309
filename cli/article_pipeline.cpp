#include "cli/article_pipeline.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kg::cli {
namespace {

// Articles travel in batches: one hand-over per article cost more in thread
// wake-ups than extracting a short article does.
struct Job {
  std::vector<extract::Article> articles;
  std::optional<std::vector<extract::Extraction>> extractions;  // set by a worker when done
};

// Jobs in input order; workers fill them in, the consumer drains the front.
class OrderedQueue {
 public:
  explicit OrderedQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full. Returns false once Cancel() was called.
  bool Push(std::vector<extract::Article> articles) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return jobs_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    jobs_.push_back(std::make_shared<Job>(Job{std::move(articles), std::nullopt}));
    work_.notify_one();
    return true;
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    work_.notify_all();
    done_.notify_all();
  }

  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    closed_ = true;
    space_.notify_all();
    work_.notify_all();
    done_.notify_all();
  }

  // A worker takes the next job nobody has started; nullptr when closed and empty.
  std::shared_ptr<Job> TakeWork() {
    std::unique_lock lock(mu_);
    work_.wait(lock, [&] { return next_unstarted_ < jobs_.size() || closed_; });
    if (next_unstarted_ >= jobs_.size() || cancelled_) return nullptr;
    return jobs_[next_unstarted_++];
  }

  void Finish(const std::shared_ptr<Job>& job, std::vector<extract::Extraction> extractions) {
    std::lock_guard lock(mu_);
    job->extractions = std::move(extractions);
    done_.notify_all();
  }

  // The consumer waits for the oldest job to be done; nullptr at the end.
  std::shared_ptr<Job> PopDone() {
    std::unique_lock lock(mu_);
    done_.wait(lock, [&] {
      return cancelled_ || (!jobs_.empty() && jobs_.front()->extractions) ||
             (closed_ && jobs_.empty());
    });
    if (cancelled_ || jobs_.empty()) return nullptr;
    std::shared_ptr<Job> job = jobs_.front();
    jobs_.pop_front();
    --next_unstarted_;
    space_.notify_one();
    return job;
  }

 private:
  std::mutex mu_;
  std::condition_variable space_, work_, done_;
  std::deque<std::shared_ptr<Job>> jobs_;
  size_t next_unstarted_ = 0;  // index into jobs_ of the first job no worker took
  size_t capacity_;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace

Result<PipelineReport> RunPipeline(
    const std::vector<std::filesystem::path>& inputs, const extract::Extractor& extractor,
    const PipelineOptions& options,
    const std::function<Status(const extract::Article&, const extract::Extraction&)>& consume) {
  PipelineReport report;
  // Every worker busy, and one batch more waiting.
  OrderedQueue queue(std::max<size_t>(options.max_batches_in_flight,
                                      static_cast<size_t>(std::max(options.jobs, 1)) + 1));
  Status read_status;
  std::thread reader([&] {
    extract::ReadOptions read_options;
    read_options.on_skip = [&](const std::string& path, const std::string& reason) {
      report.skipped.push_back(path + ": " + reason);  // only the reader thread writes it
    };
    std::vector<extract::Article> batch;
    size_t batch_bytes = 0;
    auto push = [&] {
      bool pushed = batch.empty() || queue.Push(std::move(batch));
      batch.clear();
      batch_bytes = 0;
      return pushed;
    };
    for (const auto& input : inputs) {
      read_status = extract::ReadArticles(input, read_options, [&](extract::Article&& article) {
        batch_bytes += article.text.size();
        batch.push_back(std::move(article));
        bool full = batch_bytes >= kPipelineBatchBytes || batch.size() >= kPipelineBatchArticles;
        return !full || push() ? Status::Ok() : Status::Internal("cancelled");
      });
      if (!read_status.ok()) break;
    }
    if (read_status.ok()) push();
    queue.Close();
  });
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(options.jobs, 1); ++i) {
    workers.emplace_back([&] {
      while (auto job = queue.TakeWork()) {
        std::vector<extract::Extraction> extractions;
        extractions.reserve(job->articles.size());
        for (const extract::Article& article : job->articles)
          extractions.push_back(extractor.Extract(article));
        queue.Finish(job, std::move(extractions));
      }
    });
  }
  Status consume_status;
  while (auto job = queue.PopDone()) {
    for (size_t i = 0; i < job->articles.size() && consume_status.ok(); ++i) {
      // An exception must not leave the threads running: it ends the run as
      // a Status, after they are joined.
      try {
        consume_status = consume(job->articles[i], (*job->extractions)[i]);
      } catch (const std::exception& e) {
        consume_status = Status::Internal(std::string("while handling ") + job->articles[i].source +
                                          ": " + e.what());
      }
      ++report.articles;
    }
    if (!consume_status.ok()) {
      queue.Cancel();
      break;
    }
  }
  reader.join();
  for (auto& worker : workers) worker.join();
  if (!consume_status.ok()) return consume_status;
  if (!read_status.ok()) return read_status;
  return report;
}

}  // namespace kg::cli
