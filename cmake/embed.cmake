# embed.cmake - cmake -DIN=FILE -DOUT=HEADER -DNAME=ID -P embed.cmake: write
# FILE's bytes as a C array (static const unsigned char ID[], ID_len), so
# the installed tool carries the file and needs no data directory.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
# 16 bytes a line
string(REGEX REPLACE "((0x..,){16})" "\\1\n\t" body "${body}")
file(WRITE "${OUT}.tmp"
  "/* Generated from ${IN} by cmake/embed.cmake: do not edit. */\n"
  "static const unsigned char ${NAME}[] = {\n\t${body}0x00};\n"
  "static const unsigned long ${NAME}_len = ${len}ul;\n")
file(RENAME "${OUT}.tmp" "${OUT}")
