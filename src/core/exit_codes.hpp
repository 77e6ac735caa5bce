#pragma once
// Process exit codes shared by every robotrader command (README "Commands"; docs/operations.md
// lists doctor's verdict codes, which start at kExitFirstCommandCode).
namespace rt {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the check, the run or the command itself failed
inline constexpr int kExitUsage = 2;   // an unknown flag, a missing or out-of-range value, a bad config
inline constexpr int kExitFirstCommandCode = 3;  // codes from here on mean what each command documents
inline constexpr int kExitInterrupted = 130;     // stopped by SIGINT before it was done

}  // namespace rt
