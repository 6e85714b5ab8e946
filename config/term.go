package config

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"golang.org/x/text/language"
)

// regionPrefix introduces a region term; matched case-insensitively.
const regionPrefix = "region:"

// ParseTerm reads one topic term as written in a config, following CONTRACT.md
// "Topic matching semantics": "/expr/" is an RE2 regular expression, a
// trailing "*" makes a prefix, "region:XX" stands for an ISO 3166 region's
// names, and anything else is a word or phrase. Text holds the trimmed part
// that matters; white space inside a phrase is kept as written, since the
// topic package decides how runs of it match.
func ParseTerm(raw string) (Term, error) {
	t, err := parseTerm(raw)
	if err != nil {
		return Term{}, fmt.Errorf("config: term %q: %w", raw, err)
	}
	return t, nil
}

// parseTerm is ParseTerm with errors that are bare sentences, for Parse to
// place after a file position.
func parseTerm(raw string) (Term, error) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return Term{}, errors.New("empty term; remove it or write a word")
	case s == "//":
		return Term{}, errors.New(`empty regular expression; write the expression between the slashes, like /\bUS\b/`)
	case len(s) >= 3 && s[0] == '/' && s[len(s)-1] == '/':
		return regexTerm(raw, s[1:len(s)-1])
	case len(s) >= len(regionPrefix) && strings.EqualFold(s[:len(regionPrefix)], regionPrefix):
		return regionTerm(raw, strings.TrimSpace(s[len(regionPrefix):]))
	case strings.HasSuffix(s, "*"):
		return prefixTerm(raw, s[:len(s)-1])
	case strings.Contains(s, "*"):
		return Term{}, errors.New(`"*" works only at the end of a term (a prefix, like Korea*); there is no match in the middle or at the start`)
	}
	return Term{Raw: raw, Kind: TermWord, Text: s}, nil
}

func prefixTerm(raw, prefix string) (Term, error) {
	switch {
	case strings.TrimSpace(prefix) == "":
		return Term{}, errors.New(`"*" needs a beginning of a word before it, like Korea*`)
	case strings.Contains(prefix, "*"):
		return Term{}, errors.New(`use a single "*", at the end of the term, like Korea*`)
	case strings.TrimRight(prefix, " \t") != prefix:
		return Term{}, fmt.Errorf(`remove the space before "*" (write %s*)`, strings.TrimSpace(prefix))
	}
	return Term{Raw: raw, Kind: TermPrefix, Text: prefix}, nil
}

func regexTerm(raw, expr string) (Term, error) {
	if _, err := regexp.Compile(expr); err != nil {
		return Term{}, errors.New(regexAdvice(err))
	}
	return Term{Raw: raw, Kind: TermRegex, Text: expr}, nil
}

// regexAdvice explains a regexp compile error and how to fix it: RE2 lacks
// some Perl features people reach for, and literal brackets need escaping.
func regexAdvice(err error) string {
	var serr *syntax.Error
	if !errors.As(err, &serr) {
		return fmt.Sprintf("invalid regular expression: %v", err)
	}
	what := fmt.Sprintf("invalid regular expression (%s: `%s`)", serr.Code, serr.Expr)
	code := serr.Code
	if code == syntax.ErrInvalidNamedCapture && (strings.HasPrefix(serr.Expr, "(?<=") || strings.HasPrefix(serr.Expr, "(?<!")) {
		code = syntax.ErrInvalidPerlOp // a lookbehind, which RE2 reads as a bad group name
	}
	switch code {
	case syntax.ErrInvalidPerlOp:
		return what + "; Go's RE2 has no lookahead, lookbehind or atomic groups: rewrite without them, or use a none: term to exclude text"
	case syntax.ErrInvalidEscape:
		return what + `; RE2 knows \b \d \w \s and escaped punctuation like \. \( \/; write other letters without the backslash`
	case syntax.ErrMissingBracket:
		return what + `; close the [ ] character class, or escape a literal bracket as \[`
	case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
		return what + `; balance the ( ) groups, or escape a literal parenthesis as \( or \)`
	case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
		return what + `; * + ? and {n} must follow something to repeat; escape a literal one as \* \+ \? \{`
	case syntax.ErrInvalidRepeatSize:
		return what + "; RE2 allows at most 1000 repetitions in {n,m}"
	default:
		return what + "; see https://github.com/google/re2/wiki/Syntax for what RE2 accepts"
	}
}

// regionTerm accepts an ISO 3166-1 alpha-2 code ("KP"), a UN M.49 numeric
// code ("408") or an alpha-3 code ("PRK"), and keeps the canonical code:
// the alpha-2 one where the region has one, with deprecated codes replaced
// ("UK" becomes GB).
func regionTerm(raw, code string) (Term, error) {
	if code == "" {
		return Term{}, errors.New("region: needs an ISO 3166 code, like region:KP or region:CN")
	}
	r, err := language.ParseRegion(code)
	if err != nil || r.IsPrivateUse() {
		return Term{}, fmt.Errorf("%q is not an ISO 3166 region code; use a two-letter code like KP, KR, CN or JP, or a three-digit one like 410", code)
	}
	return Term{Raw: raw, Kind: TermRegion, Text: r.Canonicalize().String()}, nil
}
