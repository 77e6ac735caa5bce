# Compiler options shared by every robotrader target, applied through rt_options.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(rt_options INTERFACE)
target_compile_options(rt_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion -Wnon-virtual-dtor -Woverloaded-virtual
  # g++ 12 reports false -Wrestrict positives on std::string concatenation at -O3 (GCC bug 105329).
  # and false -Wmismatched-new-delete on Asio coroutine frames.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict> $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>)
if(RT_WERROR)
  target_compile_options(rt_options INTERFACE -Werror)
endif()
if(RT_SANITIZE)
  target_compile_options(rt_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(rt_options INTERFACE -fsanitize=address,undefined)
endif()

# Adds a library under src/ with the project's options; sources relative to the caller.
function(rt_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC rt_options ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# Every test executable, so a build can make just the tests (the sanitizer build does).
add_custom_target(rt_all_tests)

# Adds a GoogleTest executable and registers its tests with ctest under the given labels.
function(rt_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  add_dependencies(rt_all_tests ${name})
  target_link_libraries(${name} PRIVATE rt_options ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    RT_DATA_DIR="${RT_DATA_DIR}" RT_GOLDEN_DIR="${RT_GOLDEN_DIR}" RT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RT_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
  # Labels and timeout are set after discovery, from a file ctest reads after the discovered list:
  # gtest_discover_tests passes PROPERTIES on as one flat list, so a second label was taken for a
  # property name and the timeout after it was lost.
  set(properties_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_test_properties.cmake")
  file(WRITE "${properties_file}"
    "if(${name}_TESTS)\n"
    "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\" TIMEOUT ${ARG_TIMEOUT})\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${properties_file}")
endfunction()
