# Every dependency is a Debian package (scripts/install-deps.sh); use their CMake targets.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
include(GoogleTest)
if(RT_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Market data and golden protocol captures are kept in the repository so a clean checkout tests alone.
set(RT_DATA_DIR "${PROJECT_SOURCE_DIR}/data")
set(RT_GOLDEN_DIR "${PROJECT_SOURCE_DIR}/tests/golden")
# Asio without Boost.System's library, with coroutines; one definition set for every target.
add_library(rt_asio INTERFACE)
target_link_libraries(rt_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(rt_asio INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_ASIO_HAS_CO_AWAIT)
