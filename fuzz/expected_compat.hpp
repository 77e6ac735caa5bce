#pragma once
// Force-included into the clang fuzz build only. Clang 14 reports __cpp_concepts 201907 (it lacks
// conditionally trivial special members, P0848, which arrived in clang 16), so libstdc++ 12's
// <expected> compiles to nothing and std::expected does not exist. This supplies the subset of
// std::expected that rt_core and rt_tws use, with the same names and semantics, so the real codec
// sources can be fuzzed unchanged. With a compiler that has std::expected this header is inert.
#include <version>

#if !defined(__cpp_lib_expected)
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace std {

template <class E>
class unexpected {
 public:
  template <class G = E>
    requires(!is_same_v<remove_cvref_t<G>, unexpected> && is_constructible_v<E, G>)
  constexpr explicit unexpected(G&& e) : error_(std::forward<G>(e)) {}
  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};
template <class E>
unexpected(E) -> unexpected<E>;

struct unexpect_t {
  explicit unexpect_t() = default;
};
inline constexpr unexpect_t unexpect{};

template <class T>
struct is_rt_unexpected : false_type {};
template <class E>
struct is_rt_unexpected<unexpected<E>> : true_type {};

template <class T, class E>
class expected {
 public:
  using value_type = T;
  using error_type = E;

  constexpr expected() : state_(in_place_index<0>) {}
  template <class U = T>
    requires(!is_same_v<remove_cvref_t<U>, expected> && !is_rt_unexpected<remove_cvref_t<U>>::value &&
             !is_same_v<remove_cvref_t<U>, in_place_t> && !is_same_v<remove_cvref_t<U>, unexpect_t> &&
             is_constructible_v<T, U>)
  constexpr explicit(!is_convertible_v<U, T>) expected(U&& v) : state_(in_place_index<0>, std::forward<U>(v)) {}
  template <class G>
  constexpr expected(const unexpected<G>& u) : state_(in_place_index<1>, u.error()) {}
  template <class G>
  constexpr expected(unexpected<G>&& u) : state_(in_place_index<1>, std::move(u).error()) {}
  template <class... Args>
  constexpr explicit expected(in_place_t, Args&&... args) : state_(in_place_index<0>, std::forward<Args>(args)...) {}
  template <class... Args>
  constexpr explicit expected(unexpect_t, Args&&... args) : state_(in_place_index<1>, std::forward<Args>(args)...) {}

  [[nodiscard]] constexpr bool has_value() const noexcept { return state_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr T& operator*() & { return *get_if<0>(&state_); }
  constexpr const T& operator*() const& { return *get_if<0>(&state_); }
  constexpr T&& operator*() && { return std::move(*get_if<0>(&state_)); }
  constexpr T* operator->() { return get_if<0>(&state_); }
  constexpr const T* operator->() const { return get_if<0>(&state_); }
  constexpr T& value() & { return std::get<0>(state_); }
  constexpr const T& value() const& { return std::get<0>(state_); }
  constexpr E& error() & { return *get_if<1>(&state_); }
  constexpr const E& error() const& { return *get_if<1>(&state_); }
  constexpr E&& error() && { return std::move(*get_if<1>(&state_)); }
  template <class U>
  constexpr T value_or(U&& other) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(other));
  }

 private:
  variant<T, E> state_;
};

template <class E>
class expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  constexpr expected() = default;
  template <class G>
  constexpr expected(const unexpected<G>& u) : error_(in_place, u.error()) {}
  template <class G>
  constexpr expected(unexpected<G>&& u) : error_(in_place, std::move(u).error()) {}

  [[nodiscard]] constexpr bool has_value() const noexcept { return !error_.has_value(); }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr void operator*() const noexcept {}
  constexpr E& error() & { return *error_; }
  constexpr const E& error() const& { return *error_; }
  constexpr E&& error() && { return std::move(*error_); }

 private:
  optional<E> error_;
};

}  // namespace std
#endif
