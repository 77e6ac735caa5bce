#pragma once
// `robotrader report --date D | --since D`: the statement of one New York trading date or of a
// span, from the database: fills with the P&L each realized, the FIFO lots they closed, realized
// P&L and commissions by instrument (FIFO and average cost), the positions at the end with their
// marks, and the equity change against the prior close. Tables, --json or --csv (one row per fill).
#include <chrono>
#include <string>

#include "store/database.hpp"

namespace rt::app {

enum class StatementFormat { kTable, kJson, kCsv };

struct StatementRequest {
  std::chrono::year_month_day from{};
  std::chrono::year_month_day to{};
  StatementFormat format = StatementFormat::kTable;
};

// Parses "YYYY-MM-DD" (a real calendar date); the error names the option and the text.
[[nodiscard]] Result<std::chrono::year_month_day> parse_statement_date(const std::string& option,
                                                                       const std::string& text);

// Prints the statement to stdout; errors go to stderr. Returns the exit code.
int print_statement(store::Database& db, const StatementRequest& request);

}  // namespace rt::app
