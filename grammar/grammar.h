// The grammar of ferry policies (LANGUAGE.md sections 1-2) in PEGTL.
//
// Every token rule is followed by `ws`, so a rule starts at the first character of
// its first token. Rules that build AST nodes are listed in builder.cpp; messages for
// `must<>` failures live in errors.h. The parser driver (parser.cpp) parses one scope
// header, closing brace or rule at a time, which is how it recovers after an error.
#pragma once

#include <tao/pegtl.hpp>

namespace ferry::grammar {

namespace pegtl = tao::pegtl;
using pegtl::alnum;
using pegtl::at;
using pegtl::digit;
using pegtl::eolf;
using pegtl::identifier_other;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::rep_min_max;
using pegtl::seq;
using pegtl::sor;
using pegtl::space;
using pegtl::star;
using pegtl::string;
using pegtl::until;
using pegtl::xdigit;

// comment := "#" { any } end-of-line
struct comment : seq<one<'#'>, until<eolf>> {};
// ws := { space | comment }
struct ws : star<sor<plus<space>, comment>> {};

template <class Rule>
struct tok : seq<Rule, ws> {};

// keywords := and or not in any all rule on push block as true false
//             startswith endswith contains matches like
struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_rule : TAO_PEGTL_KEYWORD("rule") {};
struct kw_on : TAO_PEGTL_KEYWORD("on") {};
struct kw_push : TAO_PEGTL_KEYWORD("push") {};
struct kw_block : TAO_PEGTL_KEYWORD("block") {};
struct kw_as : TAO_PEGTL_KEYWORD("as") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_startswith : TAO_PEGTL_KEYWORD("startswith") {};
struct kw_endswith : TAO_PEGTL_KEYWORD("endswith") {};
struct kw_contains : TAO_PEGTL_KEYWORD("contains") {};
struct kw_matches : TAO_PEGTL_KEYWORD("matches") {};
struct kw_like : TAO_PEGTL_KEYWORD("like") {};
struct keyword : sor<kw_and, kw_or, kw_not, kw_in, kw_any, kw_all, kw_rule, kw_on, kw_push, kw_block, kw_as,
                     kw_true, kw_false, kw_startswith, kw_endswith, kw_contains, kw_matches, kw_like> {};

// name := IDENT that is not a keyword
struct name : seq<not_at<keyword>, pegtl::identifier> {};

// string := '"' { char | escape } '"'     escape := \" \\ \n \t \u{HEX}
struct escape_code : sor<one<'"', '\\', 'n', 't'>, seq<one<'u'>, one<'{'>, rep_min_max<1, 6, xdigit>, one<'}'>>> {};
struct escape : seq<one<'\\'>, must<escape_code>> {};
struct string_char : sor<escape, not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>> {};

// number := DIGITS [ unit ]       unit := B KB MB GB TB KiB MiB GiB TiB | s m h d w
struct unit : sor<string<'K', 'i', 'B'>, string<'M', 'i', 'B'>, string<'G', 'i', 'B'>, string<'T', 'i', 'B'>,
                  string<'K', 'B'>, string<'M', 'B'>, string<'G', 'B'>, string<'T', 'B'>, one<'B'>,
                  one<'s', 'm', 'h', 'd', 'w'>> {};
struct number_end : not_at<sor<identifier_other, one<'.'>>> {};
struct number : seq<plus<digit>, opt<unit, not_at<identifier_other>>, must<number_end>> {};

struct expr;
struct comma : tok<one<','>> {};

// list := "[" [ expr { "," expr } [ "," ] ] "]"
struct list_close : tok<one<']'>> {};
struct list : seq<tok<one<'['>>, opt<expr, star<comma, expr>, opt<comma>>, must<list_close>> {};

// call := IDENT "(" [ expr { "," expr } ] ")"
struct call_arg : seq<expr> {};
struct call_close : tok<one<')'>> {};
struct call : seq<name, ws, one<'('>, ws, opt<expr, star<comma, must<call_arg>>>, must<call_close>> {};

// path := IDENT { "." IDENT | "[" STRING "]" }
// After `.` any identifier is a field name, keywords included: `vulns.all`.
struct field_name : pegtl::identifier {};
struct key_string : string_lit {};
struct key_close : one<']'> {};
struct field_segment : seq<one<'.'>, must<field_name>> {};
struct key_segment : seq<one<'['>, ws, must<key_string>, ws, must<key_close>> {};
struct path : seq<name, star<sor<field_segment, key_segment>>, ws> {};

// primary := literal | list | call | path | "(" expr ")"
struct paren_expr : seq<expr> {};
struct paren_close : tok<one<')'>> {};
struct paren : seq<tok<one<'('>>, must<paren_expr>, must<paren_close>> {};
struct bool_true : tok<kw_true> {};
struct bool_false : tok<kw_false> {};
struct string_expr : string_lit {};
struct primary : sor<tok<number>, tok<string_expr>, bool_true, bool_false, list, paren, call, path> {};

// sum := primary { ("+" | "-") primary }
struct op_add : one<'+'> {};
struct op_sub : one<'-'> {};
struct sum_operand : seq<primary> {};
struct sum : seq<primary, star<tok<sor<op_add, op_sub>>, must<sum_operand>>> {};

// cmpop := == != <= >= < > startswith endswith contains matches like in | not in
struct op_eq : string<'=', '='> {};
struct op_ne : string<'!', '='> {};
struct op_le : string<'<', '='> {};
struct op_ge : string<'>', '='> {};
struct op_lt : one<'<'> {};
struct op_gt : seq<one<'>'>, not_at<one<'='>>> {};
struct op_startswith : kw_startswith {};
struct op_endswith : kw_endswith {};
struct op_contains : kw_contains {};
struct op_matches : kw_matches {};
struct op_like : kw_like {};
struct op_in : kw_in {};
struct op_not_in : seq<kw_not, ws, kw_in> {};
struct cmp_op : tok<sor<op_eq, op_ne, op_le, op_ge, op_lt, op_gt, op_startswith, op_endswith, op_contains,
                        op_matches, op_like, op_in, op_not_in>> {};

// cmp := sum [ cmpop sum ]        (a < b < c is an error, not a chain)
struct cmp_operand : seq<sum> {};
struct single_equals : seq<one<'='>, not_at<one<'=', '>'>>> {};
struct no_single_equals : not_at<single_equals> {};
struct no_chain : not_at<cmp_op> {};
struct cmp : seq<sum, must<no_single_equals>, opt<cmp_op, must<cmp_operand>, must<no_chain>>> {};

// quant := ("any" | "all") IDENT "in" path ":" unary
struct quant_any : kw_any {};
struct quant_all : kw_all {};
struct quant_kind : sor<quant_any, quant_all> {};
struct quant_var : name {};
struct quant_in : tok<kw_in> {};
struct quant_collection : seq<path> {};
struct quant_colon : tok<one<':'>> {};
struct unary;
struct quant_body : seq<unary> {};
struct quant : seq<tok<quant_kind>, must<quant_var>, ws, must<quant_in>, must<quant_collection>, must<quant_colon>,
                   must<quant_body>> {};

// unary := "not" unary | quant | cmp
struct not_operand : seq<unary> {};
struct not_expr : seq<tok<kw_not>, must<not_operand>> {};
struct unary : sor<not_expr, quant, cmp> {};

// and := unary { "and" unary }      expr := and { "or" and }
struct and_operand : seq<unary> {};
struct and_expr : seq<unary, star<tok<kw_and>, must<and_operand>>> {};
struct or_operand : seq<and_expr> {};
struct or_expr : seq<and_expr, star<tok<kw_or>, must<or_operand>>> {};
struct expr : seq<or_expr> {};

// REF := bare image reference with <placeholders>, e.g. qa.example.com:5000/qa/<repo>
struct placeholder_close : one<'>'> {};
struct placeholder : seq<one<'<'>, star<not_one<'>', '\n', '\r', ' ', '\t', '"', ','>>, must<placeholder_close>> {};
// The token runs to a blank, `,` or comment; the checker validates what it holds, so
// `push qa/Web@x` gets a precise message rather than a syntax error.
struct reference_char : not_one<' ', '\t', '\r', '\n', '\v', '\f', ',', '#', '"', '<', '>', '{', '}', '(', ')', '[', ']'> {};
struct reference : plus<sor<reference_char, placeholder>> {};

// action := "push" REF [ "as" STRING ] | "block" [ STRING ]
struct destination : tok<reference> {};
struct tag_template : tok<string_lit> {};
struct as_clause : seq<tok<kw_as>, must<tag_template>> {};
struct push_action : seq<tok<kw_push>, must<destination>, opt<as_clause>> {};
// A string after `block` is its reason, unless an operator follows it: then the block
// ended and the string starts the next rule's condition (`"x" == tag => ...`).
struct continues_expression : sor<one<'=', '!', '<', '>', '+', '-'>, kw_startswith, kw_endswith, kw_contains,
                                  kw_matches, kw_like, kw_in, kw_not, kw_and, kw_or> {};
struct block_reason : seq<string_lit, ws, not_at<continues_expression>> {};
struct block_action : seq<tok<kw_block>, opt<block_reason>> {};
struct action : sor<push_action, block_action> {};

// rule := [ "rule" STRING ":" ] expr "=>" action { "," action }
struct rule_name : tok<string_lit> {};
struct rule_colon : tok<one<':'>> {};
struct rule_label : seq<tok<kw_rule>, must<rule_name>, must<rule_colon>> {};
struct condition : seq<expr> {};
struct arrow : tok<string<'=', '>'>> {};
struct rule : seq<opt<rule_label>, must<condition>, must<arrow>, must<action>, star<comma, must<action>>> {};

// scope := "on" repo_pattern { "," repo_pattern } "{" { rule } "}"
// The driver parses the header, the rules and the closing brace one at a time.
struct repo_pattern : tok<plus<sor<alnum, one<'.', '_', '-', '/', '*'>>>> {};
struct scope_pattern : seq<repo_pattern> {};
struct scope_brace : tok<one<'{'>> {};
struct scope_open : seq<tok<kw_on>, must<scope_pattern>, star<comma, must<scope_pattern>>, must<scope_brace>> {};
struct scope_close : tok<one<'}'>> {};

// What the driver parses: leading whitespace, then the items one at a time.
struct leading : ws {};

// The whole-file grammar, used by analyze() and as documentation of the driver's loop.
struct item : sor<seq<scope_open, star<rule>, scope_close>, rule> {};
struct file : seq<ws, star<item>, pegtl::eof> {};

}  // namespace ferry::grammar
