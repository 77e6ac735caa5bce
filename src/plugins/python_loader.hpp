#pragma once
// Python strategies: `--strategy path/to/file.py:ClassName`, a class deriving from
// robotrader.Strategy (the module the embedded interpreter provides; python/robotrader.pyi
// describes it). The file is imported once; its class's `params` dict gives the defaults, which
// --param overrides by type. Each symbol gets its own instance.
//
// Errors found at load, before anything connects: a missing file or class, a syntax error (named
// with file:line), a class that is not a robotrader.Strategy, an unknown or ill-typed parameter.
// An exception while trading is rethrown with its Python traceback, so the ApiStrategy around it
// stops that symbol's strategy and logs the traceback.
//
// The interpreter lives in robotrader-python.so (src/python), loaded on first use, so a run without
// a Python strategy never loads libpython. It is looked for at $ROBOTRADER_PYTHON_MODULE, then
// beside the binary in ../lib/robotrader/ (the installed layout), then where the build wrote it.
// One interpreter per process; calls hold the GIL, taken on the calling thread, so any thread may
// run a Python strategy, one at a time.
#include <sys/types.h>

#include <string_view>

#include "core/result.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::python {

// True when `spec` names a Python file ("....py:ClassName").
bool is_python_spec(std::string_view spec);

Result<trading::StrategyMaker> strategy_maker(std::string_view spec, const trading::StrategyParams& params);

// fork(2) for a process whose interpreter may be running, done as Python's os.fork does it (the
// interpreter's locks taken across the fork, its state set right in the child), so the child can
// run the strategies already imported. Returns the child's pid, 0 in the child. Refused while the
// process has another thread: the child would inherit whatever lock that thread held.
Result<pid_t> fork_process();
// Writes out what Python's sys.stdout and sys.stderr hold (a forked worker, before it exits).
void flush_output();

}  // namespace rt::python
