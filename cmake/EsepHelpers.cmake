# esep_cc_library(NAME HDRS SRCS DEPS): one static library per module, alias esep::NAME.
# esep_cc_test(NAME SRCS DEPS): a GoogleTest binary registered with CTest.

# -Wmissing-field-initializers is off: GCC 12 warns about C++20 designated initializers that
# leave defaulted members out (`{.name = "A", .votes = 3}`), which is exactly how we use them.
set(ESEP_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(ESEP_WERROR)
  list(APPEND ESEP_WARNINGS -Werror)
endif()
# AddressSanitizer + UndefinedBehaviorSanitizer. -fno-sanitize-recover=all makes every UBSan
# report abort the process, so a report fails the test instead of scrolling past in its log.
if(ESEP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

function(esep_cc_library name)
  cmake_parse_arguments(ARG "" "" "HDRS;SRCS;DEPS" ${ARGN})
  add_library(esep_${name} STATIC ${ARG_SRCS} ${ARG_HDRS})
  add_library(esep::${name} ALIAS esep_${name})
  target_include_directories(esep_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(esep_${name} PRIVATE ${ESEP_WARNINGS})
  target_link_libraries(esep_${name} PUBLIC ${ARG_DEPS})
endfunction()

function(esep_cc_test name)
  if(NOT ESEP_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${ESEP_WARNINGS})
  target_compile_definitions(${name} PRIVATE ESEP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
endfunction()
