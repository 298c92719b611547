#include "json_syntax.h"

#include <cctype>
#include <cstring>

namespace simtest {
namespace {

class JsonReader {
public:
    explicit JsonReader(const std::string &text) : text_(text) {}

    bool Document()
    {
        return Value() && (SkipSpace(), at_ == text_.size());
    }
    size_t At() const { return at_; }

private:
    void SkipSpace()
    {
        while (at_ < text_.size() && std::strchr(" \t\r\n", text_[at_]) != nullptr) {
            ++at_;
        }
    }
    bool Take(char c)
    {
        SkipSpace();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    bool Word(const char *word)
    {
        const size_t length = std::strlen(word);
        if (text_.compare(at_, length, word) != 0) {
            return false;
        }
        at_ += length;
        return true;
    }
    bool Digits()
    {
        const size_t start = at_;
        while (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_]))) {
            ++at_;
        }
        return at_ > start;
    }
    bool Number()
    {
        Take('-');
        if (!Digits()) {
            return false;
        }
        if (at_ < text_.size() && text_[at_] == '.' && (++at_, !Digits())) {
            return false;
        }
        if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
            ++at_;
            if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) {
                ++at_;
            }
            return Digits();
        }
        return true;
    }
    bool String()
    {
        if (!Take('"')) {
            return false;
        }
        while (at_ < text_.size() && text_[at_] != '"') {
            if (static_cast<unsigned char>(text_[at_]) < 0x20) {
                return false;
            }
            at_ += text_[at_] == '\\' ? 2 : 1;
        }
        return at_ < text_.size() && text_[at_++] == '"';
    }
    // A '[' or '{' list of items up to `close`, each a value or (for objects) a "key": value.
    bool List(char close, bool object)
    {
        if (Take(close)) {
            return true;
        }
        do {
            if (object && !(String() && Take(':'))) {
                return false;
            }
            if (!Value()) {
                return false;
            }
        } while (Take(','));
        return Take(close);
    }
    bool Value()
    {
        SkipSpace();
        if (at_ >= text_.size()) {
            return false;
        }
        switch (text_[at_]) {
            case '{': return Take('{') && List('}', true);
            case '[': return Take('[') && List(']', false);
            case '"': return String();
            case 't': return Word("true");
            case 'f': return Word("false");
            case 'n': return Word("null");
            default: return Number();
        }
    }

    const std::string &text_;
    size_t at_ = 0;
};

}  // namespace

bool IsJsonDocument(const std::string &text, size_t *where)
{
    JsonReader reader(text);
    const bool whole = reader.Document();
    *where = reader.At();
    return whole;
}

}  // namespace simtest
