#include "plugins/python_loader.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "python/python_module.hpp"
#include "trading/strategy/api_strategy.hpp"

namespace rt::python {

namespace {

using LoadFn = void (*)(const char*, const char*, PythonClass*);
using ForkFn = pid_t (*)();
using FlushFn = void (*)();

struct ModuleEntry {
  LoadFn load = nullptr;
  ForkFn fork = nullptr;
  FlushFn flush = nullptr;
};

std::vector<std::string> module_candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("ROBOTRADER_PYTHON_MODULE"); env != nullptr && *env != '\0') out.emplace_back(env);
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path() / "../lib/robotrader/robotrader-python.so").lexically_normal().string());
#ifdef RT_PYTHON_MODULE_BUILD_PATH
  out.emplace_back(RT_PYTHON_MODULE_BUILD_PATH);
#endif
  return out;
}

// The module's entry point, loaded once. RTLD_GLOBAL: CPython's own extension modules (datetime,
// math, ...) resolve libpython's symbols from the global scope.
Result<ModuleEntry> module_entry() {
  static std::once_flag once;
  static Result<ModuleEntry> entry = fail(ErrorCode::kInternal, "not loaded");
  std::call_once(once, [] {
    std::string tried;
    for (const auto& path : module_candidates()) {
      if (!std::filesystem::exists(path)) {
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);  // kept for the process
      if (handle == nullptr) {
        const char* why = ::dlerror();
        entry = fail(ErrorCode::kInvalidArgument, "Python support " + path + " cannot be loaded: " + (why ? why : "?"));
        return;
      }
      auto load = reinterpret_cast<LoadFn>(::dlsym(handle, "robotrader_python_load"));
      auto fork = reinterpret_cast<ForkFn>(::dlsym(handle, "robotrader_python_fork"));
      auto flush = reinterpret_cast<FlushFn>(::dlsym(handle, "robotrader_python_flush"));
      if (load == nullptr || fork == nullptr || flush == nullptr) {
        entry = fail(ErrorCode::kInvalidArgument, "Python support " + path +
                                                      " lacks robotrader_python_load, _fork or _flush: a mismatched build");
        return;
      }
      entry = ModuleEntry{load, fork, flush};
      return;
    }
    entry = fail(ErrorCode::kNotFound, "Python strategies need robotrader-python.so, not found (looked at " + tried +
                                           "; set ROBOTRADER_PYTHON_MODULE)");
  });
  return entry;
}

// The class, imported once per process: the run's checks, the trader and every run of a sweep take
// the same import (a second exec of the file would run its top level again).
Result<std::shared_ptr<const PythonClass>> load_class(const std::string& path, const std::string& name) {
  static std::mutex mutex;
  // Never destroyed: its Python objects must not be let go after the interpreter has finalized at
  // exit, and the imports are the process's for its whole life.
  static auto& loaded = *new std::map<std::pair<std::string, std::string>, std::shared_ptr<const PythonClass>>;
  auto entry = module_entry();
  if (!entry) return std::unexpected(entry.error());
  const std::lock_guard lock(mutex);
  auto key = std::pair{std::filesystem::absolute(path).lexically_normal().string(), name};
  auto it = loaded.find(key);
  if (it == loaded.end()) {
    auto cls = std::make_shared<PythonClass>();
    entry->load(path.c_str(), name.c_str(), cls.get());
    it = loaded.emplace(std::move(key), std::move(cls)).first;
  }
  const auto& cls = it->second;
  switch (cls->error) {
    case LoadError::kNone: return cls;
    case LoadError::kSyntax: return fail(ErrorCode::kParse, cls->message);
    case LoadError::kInvalid: return fail(ErrorCode::kInvalidArgument, cls->message);
  }
  return fail(ErrorCode::kInternal, cls->message);
}

// Threads of this process other than the caller, from /proc/self/task.
std::size_t other_threads() {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    ++n;
  }
  return n > 0 ? n - 1 : 0;
}

}  // namespace

Result<pid_t> fork_process() {
  auto entry = module_entry();
  if (!entry) return std::unexpected(entry.error());
  if (const auto others = other_threads(); others > 0) {
    // The child would have only this thread, and any lock another one held would stay held.
    return fail(ErrorCode::kInvalidArgument, "this process runs " + std::to_string(others + 1) +
                                                 " threads; a worker is forked only from a single-threaded one");
  }
  const pid_t pid = entry->fork();
  if (pid < 0) return fail(ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno));
  return pid;
}

void flush_output() {
  if (auto entry = module_entry()) entry->flush();
}

bool is_python_spec(std::string_view spec) {
  const auto colon = spec.rfind(':');
  return colon != std::string_view::npos && spec.substr(0, colon).ends_with(".py");
}

Result<trading::StrategyMaker> strategy_maker(std::string_view spec, const trading::StrategyParams& params) {
  const auto colon = spec.rfind(':');
  const std::string path(spec.substr(0, colon));
  const std::string name(spec.substr(colon + 1));
  if (name.empty()) return fail(ErrorCode::kInvalidArgument, "--strategy " + std::string(spec) + ": no class after ':'");
  if (!std::filesystem::exists(path)) return fail(ErrorCode::kNotFound, "strategy file " + path + ": no such file");
  auto loaded = load_class(path, name);
  if (!loaded) return std::unexpected(loaded.error());
  const auto& cls = *loaded;
  auto values = trading::resolve_params(name, cls->defaults, params);
  if (!values) return std::unexpected(values.error());
  return trading::StrategyMaker(
      [cls, name, values = *values](const std::string&) -> Result<std::unique_ptr<trading::Strategy>> {
        try {
          return std::unique_ptr<trading::Strategy>(
              std::make_unique<trading::ApiStrategy>(cls->make(values), values, name));
        } catch (const std::exception& e) {
          return fail(ErrorCode::kInvalidArgument, e.what());
        }
      });
}

}  // namespace rt::python
