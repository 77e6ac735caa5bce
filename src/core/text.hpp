#pragma once
// Small text helpers for the parsers of flags, specs, config values and tables: trimming, splitting
// and whole-field integer parsing, with one meaning everywhere. ASCII only; views returned point into
// the argument, so they live as long as it does. Pure functions, callable from any thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rt {

// `s` without leading and trailing spaces, tabs, carriage returns and newlines.
std::string_view trim(std::string_view s) noexcept;

// The fields of `s` between `sep`s, empty ones included: "a,,b" -> {"a", "", "b"}, "" -> {""}.
std::vector<std::string_view> split(std::string_view s, char sep);

// split() into `out`, which is cleared first and keeps its capacity: for loops over many lines.
void split_into(std::string_view s, char sep, std::vector<std::string_view>& out);

// split() with every field trimmed: "a : b" -> {"a", "b"}.
std::vector<std::string_view> split_trimmed(std::string_view s, char sep);

// The words of `s`, separated by runs of whitespace; no empty words.
std::vector<std::string_view> split_whitespace(std::string_view s);

// True and `out` set when all of `s` is a decimal integer that fits (an optional '-', digits; no
// spaces, no '+'). On false `out` is unchanged.
bool read_int(std::string_view s, int& out) noexcept;
bool read_int(std::string_view s, std::int64_t& out) noexcept;

// The same for a decimal number with an optional fraction and exponent ("1.5", "-2", "1e3"); no
// spaces, no '+', no hex, no "inf" or "nan". Not for money: a Decimal parses that.
bool read_double(std::string_view s, double& out) noexcept;

std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);

// True when `needle` occurs in `text`, ignoring ASCII case; an empty needle always occurs.
bool contains_ignoring_case(std::string_view text, std::string_view needle) noexcept;

}  // namespace rt
