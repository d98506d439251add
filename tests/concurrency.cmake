# tst_concurrency runs several real `tunescope run` processes and checks the database with
# PRAGMA integrity_check behind Storage's back.
target_link_libraries(tst_concurrency PRIVATE Qt6::Sql)
add_dependencies(tst_concurrency tunescope)
