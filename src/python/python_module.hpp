#pragma once
// The interface of robotrader-python.so, the module that embeds CPython: loaded with dlopen only
// when a Python strategy is named, so no other run pays for libpython. Both sides are built by
// this project with one compiler and standard library; only the entry point is extern "C".
#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>

#include "robotrader/strategy.hpp"

namespace rt::python {

enum class LoadError { kNone, kSyntax, kInvalid };

// A Python strategy class, imported.
struct PythonClass {
  LoadError error = LoadError::kNone;
  std::string message;         // why it could not be loaded (file:line for a syntax error)
  robotrader::Params defaults;  // the class's `params`
  // One instance with these parameter values; throws std::runtime_error (with the traceback) when
  // the constructor raises.
  std::function<std::unique_ptr<robotrader::Strategy>(const robotrader::Params&)> make;
};

}  // namespace rt::python

// Imports `path` (which exists: the caller checked) and takes its class `name` into `out`.
extern "C" void robotrader_python_load(const char* path, const char* name, rt::python::PythonClass* out);
// fork(2) with the interpreter's fork protocol (PyOS_BeforeFork / AfterFork_Child / _Parent),
// the GIL held across it. Returns what fork returned; errno is fork's.
extern "C" pid_t robotrader_python_fork();
// Writes out what print() left in Python's buffers of sys.stdout and sys.stderr (a worker
// calls it before it exits with _exit, which would lose them).
extern "C" void robotrader_python_flush();
