#include "plugins/strategy_loader.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <memory>
#include <string>

#include "plugins/python_loader.hpp"
#include "robotrader/strategy.hpp"
#include "trading/strategy/api_strategy.hpp"
#include "trading/strategy/strategy_factory.hpp"

namespace rt::plugins {

namespace {

using VersionFn = int (*)();
using MakeFn = robotrader::Strategy* (*)(const char*);

struct Plugin {
  std::shared_ptr<void> handle;
  MakeFn make = nullptr;
};

Result<Plugin> open_plugin(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return fail(ErrorCode::kNotFound, "strategy library " + path + ": no such file");
  }
  void* raw = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (raw == nullptr) {
    const char* why = ::dlerror();
    return fail(ErrorCode::kInvalidArgument, "strategy library " + path + " cannot be loaded: " + (why ? why : "?"));
  }
  std::shared_ptr<void> handle(raw, [](void* h) { ::dlclose(h); });
  auto version = reinterpret_cast<VersionFn>(::dlsym(raw, "robotrader_strategy_api_version"));
  auto make = reinterpret_cast<MakeFn>(::dlsym(raw, "robotrader_make_strategy"));
  if (version == nullptr || make == nullptr) {
    return fail(ErrorCode::kInvalidArgument, "strategy library " + path +
                                                 " is not a robotrader strategy: it exports no "
                                                 "robotrader_strategy_api_version/robotrader_make_strategy "
                                                 "(use ROBOTRADER_STRATEGY_PLUGIN)");
  }
  if (const int v = version(); v != robotrader::kStrategyApiVersion) {
    return fail(ErrorCode::kInvalidArgument,
                "strategy library " + path + " was built against strategy API version " + std::to_string(v) +
                    "; this robotrader speaks version " + std::to_string(robotrader::kStrategyApiVersion) +
                    ": rebuild it against this robotrader's robotrader/strategy.hpp");
  }
  return Plugin{std::move(handle), make};
}

}  // namespace

bool is_plugin_spec(std::string_view spec) {
  const auto colon = spec.rfind(':');
  return colon != std::string_view::npos && spec.substr(0, colon).find(".so") != std::string_view::npos;
}

Result<trading::StrategyMaker> strategy_maker(std::string_view spec, const trading::StrategyParams& params) {
  if (python::is_python_spec(spec)) return python::strategy_maker(spec, params);
  if (!is_plugin_spec(spec)) {
    // A built-in: made once here so a bad name or parameter fails now, not at the first symbol.
    if (auto probe = trading::make_strategy(spec, params); !probe) return std::unexpected(probe.error());
    return trading::builtin_strategy(std::string(spec), params);
  }
  const auto colon = spec.rfind(':');
  const std::string path(spec.substr(0, colon));
  const std::string name(spec.substr(colon + 1));
  if (name.empty()) return fail(ErrorCode::kInvalidArgument, "--strategy " + std::string(spec) + ": no class after ':'");
  auto plugin = open_plugin(path);
  if (!plugin) return std::unexpected(plugin.error());
  std::unique_ptr<robotrader::Strategy> probe(plugin->make(name.c_str()));
  if (!probe) return fail(ErrorCode::kInvalidArgument, "strategy library " + path + " has no strategy '" + name + "'");
  auto resolved = trading::resolve_params(name, probe->defaults(), params);
  if (!resolved) return std::unexpected(resolved.error());
  return trading::StrategyMaker(
      [plugin = *plugin, name, values = *resolved](const std::string&) -> Result<std::unique_ptr<trading::Strategy>> {
        std::unique_ptr<robotrader::Strategy> s(plugin.make(name.c_str()));
        if (!s) return fail(ErrorCode::kInvalidArgument, "strategy '" + name + "' could not be made");
        return std::unique_ptr<trading::Strategy>(
            std::make_unique<trading::ApiStrategy>(std::move(s), values, name, plugin.handle));
      });
}

}  // namespace rt::plugins
