// robotrader-python.so: the embedded interpreter, the `robotrader` module and the bridge from a
// Python class to robotrader::Strategy.
#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "python/python_module.hpp"
#include "robotrader/strategy.hpp"

namespace py = pybind11;

namespace {

// The Python side of the module: the base class users derive from.
constexpr const char* kModuleSource = R"py(
class Strategy:
    """Base class of a robotrader strategy: override the callbacks you need."""
    params = {}

    def on_start(self, ctx):
        pass

    def on_bar(self, ctx, bar):
        pass

    def on_fill(self, ctx, fill):
        pass

    def on_order_denied(self, ctx, denial):
        pass

    def on_stop(self, ctx):
        pass
)py";

py::object utc_datetime(robotrader::Time t) {
  // Kept for the process (released, never decremented): a static py::object would be let go at
  // exit without the GIL.
  static const py::handle from_timestamp =
      py::object(py::module_::import("datetime").attr("datetime").attr("fromtimestamp")).release();
  static const py::handle utc = py::object(py::module_::import("datetime").attr("timezone").attr("utc")).release();
  const double seconds = static_cast<double>(t.time_since_epoch().count()) / 1e9;
  return from_timestamp(seconds, utc);
}

}  // namespace

PYBIND11_EMBEDDED_MODULE(robotrader, m) {
  m.doc() = "robotrader's strategy API (see robotrader.pyi and docs/strategies.md)";
  m.attr("API_VERSION") = robotrader::kStrategyApiVersion;
  py::class_<robotrader::Bar>(m, "Bar")
      .def_readonly("symbol", &robotrader::Bar::symbol)
      .def_property_readonly("time", [](const robotrader::Bar& b) { return utc_datetime(b.time); })
      .def_property_readonly("end", [](const robotrader::Bar& b) { return utc_datetime(b.end); })
      .def_readonly("open", &robotrader::Bar::open)
      .def_readonly("high", &robotrader::Bar::high)
      .def_readonly("low", &robotrader::Bar::low)
      .def_readonly("close", &robotrader::Bar::close)
      .def_readonly("volume", &robotrader::Bar::volume);
  py::class_<robotrader::Fill>(m, "Fill")
      .def_readonly("symbol", &robotrader::Fill::symbol)
      .def_readonly("side", &robotrader::Fill::side)
      .def_readonly("qty", &robotrader::Fill::qty)
      .def_readonly("price", &robotrader::Fill::price)
      .def_readonly("commission", &robotrader::Fill::commission);
  py::class_<robotrader::Denial>(m, "Denial")
      .def_readonly("symbol", &robotrader::Denial::symbol)
      .def_readonly("reason", &robotrader::Denial::reason);
  py::class_<robotrader::Context, std::unique_ptr<robotrader::Context, py::nodelete>>(m, "Context")
      .def("history", &robotrader::Context::history, py::arg("symbol"), py::arg("field"), py::arg("n"))
      .def("position", &robotrader::Context::position, py::arg("symbol"))
      .def("buy", &robotrader::Context::buy, py::arg("symbol"), py::arg("qty"))
      .def("sell", &robotrader::Context::sell, py::arg("symbol"), py::arg("qty"))
      .def("target", &robotrader::Context::target, py::arg("symbol"), py::arg("qty"))
      .def("close", &robotrader::Context::close, py::arg("symbol"))
      .def("log", &robotrader::Context::log, py::arg("text"));
  py::exec(kModuleSource, m.attr("__dict__"));
}

namespace rt::python {

namespace {

// One interpreter for the process; the GIL is released between calls so any thread may take it.
void ensure_interpreter() {
  static std::once_flag once;
  std::call_once(once, [] {
    static py::scoped_interpreter interpreter(false);  // no signal handlers: robotrader owns SIGINT
    static py::gil_scoped_release released;
  });
}

// A Python object that takes the GIL to let go of its reference.
struct Ref {
  explicit Ref(py::object o) : object(std::move(o)) {}
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  ~Ref() {
    py::gil_scoped_acquire gil;
    object = py::object();
  }
  py::object object;
};

// The exception as Python prints it, traceback included.
std::string describe(py::error_already_set& e) {
  try {
    py::object format = py::module_::import("traceback").attr("format_exception");
    std::string out;
    for (const auto& line : format(e.type(), e.value(), e.trace())) out += line.cast<std::string>();
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  } catch (...) {
    return e.what();
  }
}

// The default's value, or nothing when its type is not one a parameter can have.
std::optional<robotrader::ParamValue> to_param(py::handle value) {
  if (py::isinstance<py::bool_>(value)) return robotrader::ParamValue{value.cast<bool>()};
  if (py::isinstance<py::int_>(value)) return robotrader::ParamValue{value.cast<std::int64_t>()};
  if (py::isinstance<py::float_>(value)) return robotrader::ParamValue{value.cast<double>()};
  if (py::isinstance<py::str>(value)) return robotrader::ParamValue{value.cast<std::string>()};
  return std::nullopt;
}

py::object to_python(const robotrader::ParamValue& v) {
  switch (v.index()) {
    case 0: return py::int_(std::get<0>(v));
    case 1: return py::float_(std::get<1>(v));
    case 2: return py::bool_(std::get<2>(v));
    default: return py::str(std::get<3>(v));
  }
}

class PyStrategy final : public robotrader::Strategy {
 public:
  PyStrategy(std::shared_ptr<Ref> cls, const robotrader::Params& params) {
    py::gil_scoped_acquire gil;
    py::object inst = cls->object();
    py::dict values;
    for (const auto& [k, v] : params) values[py::str(k)] = to_python(v);
    inst.attr("params") = values;  // the values in force, on the instance
    instance_ = std::make_unique<Ref>(inst);
    on_start_ = std::make_unique<Ref>(inst.attr("on_start"));
    on_bar_ = std::make_unique<Ref>(inst.attr("on_bar"));
    on_fill_ = std::make_unique<Ref>(inst.attr("on_fill"));
    on_order_denied_ = std::make_unique<Ref>(inst.attr("on_order_denied"));
    on_stop_ = std::make_unique<Ref>(inst.attr("on_stop"));
  }
  ~PyStrategy() override = default;

  void on_start(robotrader::Context& ctx) override { call(*on_start_, ctx); }
  void on_bar(robotrader::Context& ctx, const robotrader::Bar& bar) override { call(*on_bar_, ctx, &bar); }
  void on_fill(robotrader::Context& ctx, const robotrader::Fill& fill) override { call(*on_fill_, ctx, &fill); }
  void on_order_denied(robotrader::Context& ctx, const robotrader::Denial& denial) override {
    call(*on_order_denied_, ctx, &denial);
  }
  void on_stop(robotrader::Context& ctx) override { call(*on_stop_, ctx); }

 private:
  template <typename... Args>
  static void call(Ref& method, robotrader::Context& ctx, const Args*... args) {
    py::gil_scoped_acquire gil;
    try {
      method.object(py::cast(&ctx, py::return_value_policy::reference),
                    py::cast(args, py::return_value_policy::reference)...);
    } catch (py::error_already_set& e) {
      throw std::runtime_error(describe(e));
    }
  }

  std::unique_ptr<Ref> instance_, on_start_, on_bar_, on_fill_, on_order_denied_, on_stop_;
};

void load(const std::string& path, const std::string& name, PythonClass& out) {
  auto fail = [&](LoadError kind, std::string message) {
    out.error = kind;
    out.message = std::move(message);
  };
  ensure_interpreter();
  py::gil_scoped_acquire gil;
  try {
    py::module_ util = py::module_::import("importlib.util");
    const std::string module_name = "robotrader_user_" + std::filesystem::path(path).stem().string();
    py::object spec = util.attr("spec_from_file_location")(module_name, path);
    py::object module = util.attr("module_from_spec")(spec);
    py::module_::import("sys").attr("modules")[py::str(module_name)] = module;
    // Its own folder first, so it can import its neighbours.
    py::module_::import("sys").attr("path").attr("insert")(0, std::filesystem::absolute(path).parent_path().string());
    spec.attr("loader").attr("exec_module")(module);
    if (!py::hasattr(module, name.c_str())) {
      return fail(LoadError::kInvalid, "strategy file " + path + " has no class " + name);
    }
    py::object cls = module.attr(name.c_str());
    py::object base = py::module_::import("robotrader").attr("Strategy");
    if (!py::isinstance<py::type>(cls) || !py::bool_(py::module_::import("builtins").attr("issubclass")(cls, base))) {
      return fail(LoadError::kInvalid, path + ": " + name + " is not a class deriving from robotrader.Strategy");
    }
    py::object params = cls.attr("params");
    if (!py::isinstance<py::dict>(params)) {
      return fail(LoadError::kInvalid, path + ": " + name + ".params must be a dict of defaults");
    }
    for (const auto& [k, v] : params.cast<py::dict>()) {
      const std::string key = py::str(k).cast<std::string>();
      auto value = to_param(v);
      if (!value) {
        return fail(LoadError::kInvalid, name + ".params[\"" + key + "\"]: a default must be an int, a float, a bool " +
                                             "or a str, not " + py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>());
      }
      out.defaults.emplace(key, *value);
    }
    auto ref = std::make_shared<Ref>(cls);
    out.make = [ref, name](const robotrader::Params& values) -> std::unique_ptr<robotrader::Strategy> {
      try {
        return std::make_unique<PyStrategy>(ref, values);
      } catch (py::error_already_set& e) {
        throw std::runtime_error(name + "(): " + describe(e));
      }
    };
  } catch (py::error_already_set& e) {
    if (e.matches(PyExc_SyntaxError)) {
      py::object v = e.value();
      const std::string file = py::str(v.attr("filename")).cast<std::string>();
      const std::string line = py::str(v.attr("lineno")).cast<std::string>();
      const std::string msg = py::str(v.attr("msg")).cast<std::string>();
      return fail(LoadError::kSyntax, file + ":" + line + ": syntax error: " + msg);
    }
    return fail(LoadError::kInvalid, "strategy file " + path + " failed to load:\n" + describe(e));
  }
}

}  // namespace

}  // namespace rt::python

extern "C" __attribute__((visibility("default"))) void robotrader_python_load(const char* path, const char* name,
                                                                             rt::python::PythonClass* out) {
  rt::python::load(path, name, *out);
}

namespace {

// Python's own buffers of sys.stdout and sys.stderr, written out (the GIL held).
void flush_python_output() {
  for (const char* name : {"stdout", "stderr"}) {
    PyObject* stream = PySys_GetObject(name);  // borrowed
    if (stream == nullptr || stream == Py_None) continue;
    PyObject* result = PyObject_CallMethod(stream, "flush", nullptr);
    if (result == nullptr) PyErr_Clear();
    Py_XDECREF(result);
  }
}

}  // namespace

extern "C" __attribute__((visibility("default"))) void robotrader_python_flush() {
  rt::python::ensure_interpreter();
  const PyGILState_STATE gil = PyGILState_Ensure();
  flush_python_output();
  PyGILState_Release(gil);
}

extern "C" __attribute__((visibility("default"))) pid_t robotrader_python_fork() {
  rt::python::ensure_interpreter();
  const PyGILState_STATE gil = PyGILState_Ensure();
  flush_python_output();  // else the child would write what print() left in them again
  PyOS_BeforeFork();
  const pid_t pid = ::fork();
  const int fork_errno = errno;
  if (pid == 0) {
    PyOS_AfterFork_Child();
  } else {
    PyOS_AfterFork_Parent();
  }
  PyGILState_Release(gil);
  errno = fork_errno;
  return pid;
}
