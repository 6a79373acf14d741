// SPDX-License-Identifier: MIT
// opencc.cpp - the only file that includes OpenCC: its traditional-to-simplified
// conversion behind C calls that never throw.
//
// C++ rather than OpenCC's C API (opencc.h): that API catches only
// std::runtime_error, so a std::bad_alloc (or an opencc::Exception, which
// is not a std::exception) thrown inside it would end the host's process,
// and it reports errors through one global string. Here every exception
// becomes an error code.
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <Config.hpp>
#include <Conversion.hpp>
#include <ConversionChain.hpp>
#include <Converter.hpp>
#include <DictGroup.hpp>
#include <Exception.hpp>
#include <Lexicon.hpp>
#include <MaxMatchSegmentation.hpp>

#include "crmrules.h"
#include "opencc.h"

namespace {

struct handle {
	opencc::ConverterPtr conv;
};

void message(char *msg, size_t size, const char *what)
{
	if (size)
		std::snprintf(msg, size, "%s", what);
}

// OpenCC's t2s.json (the chain it has shipped since 1.0), with each
// dictionary named by its absolute path: given a bare file name, OpenCC
// looks in the process's working directory first.
std::string t2s_config(const char *dir)
{
	// appended piece by piece: std::operator+ would be instantiated here,
	// and exported as a weak symbol
	std::string phrases("{\"type\": \"ocd2\", \"file\": \"");
	phrases.append(dir).append("/TSPhrases.ocd2\"}");
	std::string json("{\"name\": \"Traditional Chinese to Simplified Chinese\", "
	                 "\"segmentation\": {\"type\": \"mmseg\", \"dict\": ");
	json.append(phrases)
		.append("}, \"conversion_chain\": [{\"dict\": {\"type\": \"group\", \"dicts\": [")
		.append(phrases)
		.append(", {\"type\": \"ocd2\", \"file\": \"")
		.append(dir)
		.append("/TSCharacters.ocd2\"}]}}]}");
	return json;
}

// The code points of s, decoded leniently (the dictionaries are UTF-8).
std::vector<uint32_t> code_points(const std::string &s)
{
	std::vector<uint32_t> out;
	const unsigned char *p = reinterpret_cast<const unsigned char *>(s.data());
	size_t n = s.size();
	for (size_t i = 0; i < n;) {
		uint32_t c = p[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (k > n - i)
			k = n - i;
		if (k == 2)
			c = (c & 0x1F) << 6 | (p[i + 1] & 0x3Fu);
		else if (k == 3)
			c = (c & 0x0F) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
		else if (k == 4)
			c = (c & 0x07) << 18 | (p[i + 1] & 0x3Fu) << 12 | (p[i + 2] & 0x3Fu) << 6 |
			    (p[i + 3] & 0x3Fu);
		out.push_back(c);
		i += k;
	}
	return out;
}

// The plain dictionaries a conversion looks up (a group's members).
void leaves(const opencc::DictPtr &dict, std::vector<opencc::DictPtr> &out)
{
	if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(dict)) {
		for (const opencc::DictPtr &d : group->GetDicts())
			leaves(d, out);
		return;
	}
	out.push_back(dict);
}

} // namespace

// A conversion (OpenCC's Conversion) replaces a dictionary key found in the
// text by the key's first value, and copies every other character: the
// segmentation only splits the text. So the text changes only where a key
// whose value differs from it occurs whole, and a text with none of the
// code points chosen below, one per such key, is its own conversion. The
// one chosen is where the key and its value first differ (著 of 不著, whose
// value is 不着), so that simplified text seldom holds any.
extern "C" int crm_opencc_witnesses(void *cc, void (*add)(void *ud, uint32_t cp), void *ud)
{
	try {
		const opencc::ConverterPtr &conv = static_cast<handle *>(cc)->conv;
		std::vector<opencc::DictPtr> dicts;
		for (const opencc::ConversionPtr &c : conv->GetConversionChain()->GetConversions())
			leaves(c->GetDict(), dicts);
		for (const opencc::DictPtr &d : dicts) {
			opencc::LexiconPtr lex = d->GetLexicon();
			for (size_t i = 0; i < lex->Length(); i++) {
				const opencc::DictEntry *e = lex->At(i);
				std::string value = e->GetDefault();
				if (value == e->Key())
					continue;
				std::vector<uint32_t> key = code_points(e->Key()), to = code_points(value);
				if (key.empty())
					return CRM_EINVAL;
				size_t k = 0;
				while (k < key.size() && k < to.size() && key[k] == to[k])
					k++;
				add(ud, key[k < key.size() ? k : 0]);
			}
		}
		return 0;
	} catch (const std::bad_alloc &) {
		return CRM_ENOMEM;
	} catch (...) {
		return CRM_EINVAL;
	}
}

extern "C" void *crm_opencc_open(const char *dir, int *code, char *msg, size_t msgsize)
{
	try {
		opencc::Config config;
		handle *h = new handle{config.NewFromString(t2s_config(dir), dir)};
		return h;
	} catch (const std::bad_alloc &) {
		*code = CRM_ENOMEM;
		message(msg, msgsize, "out of memory");
	} catch (const opencc::Exception &e) {
		*code = CRM_EINVAL;
		message(msg, msgsize, e.what());
	} catch (const std::exception &e) {
		*code = CRM_EINVAL;
		message(msg, msgsize, e.what());
	} catch (...) {
		*code = CRM_EINVAL;
		message(msg, msgsize, "unknown error");
	}
	return nullptr;
}

extern "C" void crm_opencc_close(void *cc)
{
	delete static_cast<handle *>(cc);
}

extern "C" int crm_opencc_convert(const void *cc, const char *s, size_t len, char *buf,
                                  size_t cap, size_t *outlen)
{
	try {
		const handle *h = static_cast<const handle *>(cc);
		std::string out = h->conv->Convert(std::string(s, len));
		if (out.size() > cap)
			return CRM_ELIMIT;
		if (!out.empty())
			std::memcpy(buf, out.data(), out.size());
		*outlen = out.size();
		return 0;
	} catch (const std::bad_alloc &) {
		return CRM_ENOMEM;
	} catch (...) {
		return CRM_EINVAL;
	}
}
