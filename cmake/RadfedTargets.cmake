# Helpers that give every radfed target the same include root, warnings and test wiring.

# Unity builds compile a target's files a few at a time as one unit, so the heavy headers (gRPC,
# protobuf, Eigen, nlohmann/json, CLI11) are parsed once per batch instead of once per file: a
# fresh build of the three programs takes half the time. File-local names must therefore be
# unique within a target; a library whose files deliberately share them says SEPARATE_FILES.
option(RADFED_UNITY_BUILD "Compile project libraries and programs in unity batches" ON)

set(RADFED_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough -Werror)

# radfed_library(NAME SOURCES ... [DEPS ...] [SEPARATE_FILES]): a static library of project code.
function(radfed_library NAME)
  cmake_parse_arguments(A "SEPARATE_FILES" "" "SOURCES;DEPS" ${ARGN})
  add_library(${NAME} STATIC ${A_SOURCES})
  if(RADFED_UNITY_BUILD AND NOT A_SEPARATE_FILES)
    set_target_properties(${NAME} PROPERTIES UNITY_BUILD ON)
  endif()
  target_include_directories(${NAME} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${NAME} PRIVATE ${RADFED_WARNINGS})
  target_link_libraries(${NAME} PUBLIC ${A_DEPS})
endfunction()

# radfed_executable(NAME SOURCES ... [DEPS ...]): a program of project code.
function(radfed_executable NAME)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${NAME} ${A_SOURCES})
  set_target_properties(${NAME} PROPERTIES UNITY_BUILD ${RADFED_UNITY_BUILD})
  target_include_directories(${NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${NAME} PRIVATE ${RADFED_WARNINGS})
  target_link_libraries(${NAME} PRIVATE ${A_DEPS})
endfunction()

# radfed_test(NAME SOURCES ... [DEPS ...] [LABELS ...] [TIMEOUT s]): a GoogleTest binary whose
# tests are registered with CTest one by one. Tests find their data through
# RADFED_TEST_DATA_DIR and the built programs through RADFED_BINARY_DIR.
function(radfed_test NAME)
  if(NOT RADFED_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(A "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 300)
  endif()
  add_executable(${NAME} ${A_SOURCES})
  target_include_directories(${NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${NAME} PRIVATE ${RADFED_WARNINGS})
  target_compile_definitions(${NAME} PRIVATE
    RADFED_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    RADFED_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RADFED_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_link_libraries(${NAME} PRIVATE ${A_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${NAME}
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
    DISCOVERY_TIMEOUT 120
    PROPERTIES TIMEOUT ${A_TIMEOUT} LABELS "${A_LABELS}")
endfunction()
