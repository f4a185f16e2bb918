#include "microseg/personal_data.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <array>
#include <functional>

namespace microseg::core {
namespace {

// Header words, lower case and without accents (headers are normalised the same way).
const QStringList kEmailWords = {"email",        "mail",        "emails",   "emailaddress",
                                 "emailadresse", "mailadresse", "courriel", "correo",
                                 "epost",        "eposta"};
const QStringList kPhoneWords = {
    "phone",       "phonenumber",   "telephone",      "tel",       "telno",
    "mobile",      "mobilephone",   "cell",           "cellphone", "fax",
    "telefon",     "telefonnummer", "rufnummer",      "handy",     "mobil",
    "mobilnummer", "portable",      "telefono",       "movil",     "celular",
    "cellulare",   "telefoon",      "telefoonnummer", "mobiel",    "gsm"};
// Words that make a phone header describe a product, not a number ("PhoneService").
const QStringList kPhoneNotNumber = {
    "service", "services", "lines", "line",  "plan",    "model", "type", "brand", "provider",
    "carrier", "contract", "count", "usage", "minutes", "app",   "os",   "device"};
const QStringList kNameWords = {"name", "names", "naam", "nom", "nombre", "nome"};
const QStringList kNameCompounds = {"fullname",   "firstname",    "lastname",     "surname",
                                    "forename",   "givenname",    "familyname",   "middlename",
                                    "vorname",    "nachname",     "familienname", "prenom",
                                    "apellido",   "apellidos",    "cognome",      "voornaam",
                                    "achternaam", "customername", "contactname",  "clientname"};
// Words that may stand next to "name" in a person's name column.
const QStringList kPersonQualifiers = {
    "first",    "last",   "full",    "given",     "family", "middle",  "maiden",
    "customer", "client", "contact", "person",    "user",   "member",  "buyer",
    "owner",    "holder", "account", "recipient", "sender", "billing", "shipping",
    "display",  "kunde",  "kunden",  "cliente",   "de",     "du",      "del",
    "the",      "of",     "and",     "1",         "2"};
const QStringList kAddressWords = {
    "address",   "addresses", "addr",      "street",  "streetaddress", "addressline",
    "strasse",   "straße",    "anschrift", "adresse", "direccion",     "calle",
    "domicilio", "indirizzo", "adres",     "straat",  "postaladdress", "homeaddress"};
// An "address" that is not a postal address.
const QStringList kAddressNotPostal = {"ip",    "mac",  "web",     "url",    "wallet", "memory",
                                       "email", "mail", "bitcoin", "server", "host"};

QString withoutAccents(const QString& text) {
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString plain;
    plain.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            plain.append(c);
    }
    return plain;
}

/// "EmailAddress" -> {email, address}; "first_name" -> {first, name}; "E-Mail" -> {e, mail}.
QStringList headerWords(std::string_view header) {
    const QString text = withoutAccents(QString::fromUtf8(header.data(), qsizetype(header.size())));
    QStringList words;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!c.isLetterOrNumber()) {
            if (!current.isEmpty())
                words << current.toLower();
            current.clear();
            continue;
        }
        // A lower-to-upper step starts a new word (camelCase), as does a letter/digit change.
        const bool camel = !current.isEmpty() && c.isUpper() && current.back().isLower();
        if (camel) {
            words << current.toLower();
            current.clear();
        }
        current.append(c);
    }
    if (!current.isEmpty())
        words << current.toLower();
    return words;
}

/// Words and each adjacent pair written together ("e" + "mail" -> "email").
QStringList wordsAndPairs(const QStringList& words) {
    QStringList all = words;
    for (qsizetype i = 0; i + 1 < words.size(); ++i)
        all << words[i] + words[i + 1];
    return all;
}

bool anyIn(const QStringList& words, const QStringList& set) {
    return std::any_of(words.begin(), words.end(),
                       [&set](const QString& word) { return set.contains(word); });
}

bool isPersonNameHeader(const QStringList& words) {
    if (anyIn(wordsAndPairs(words), kNameCompounds))
        return true;
    if (!anyIn(words, kNameWords))
        return false;
    // "ProductName" or "company_name" name things; only person qualifiers may stand beside it.
    return std::all_of(words.begin(), words.end(), [](const QString& word) {
        return kNameWords.contains(word) || kPersonQualifiers.contains(word);
    });
}

QString fromUtf8(std::string_view value) {
    return QString::fromUtf8(value.data(), qsizetype(value.size())).trimmed();
}

std::string toUtf8(const QString& text) {
    return text.toStdString();
}

/// The first character (a whole code point, accents kept) or "" for empty text.
QString firstCharacter(const QString& text) {
    if (text.isEmpty())
        return {};
    return text.front().isHighSurrogate() && text.size() > 1 ? text.left(2) : text.left(1);
}

bool isPhonePunctuation(QChar c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

/// Digit groups of a value made only of digits and phone punctuation (and a leading '+');
/// empty when any other character appears.
std::vector<int> phoneDigitGroups(const QString& text) {
    std::vector<int> groups;
    int run = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isDigit() && c.unicode() < 128) {
            ++run;
        } else if (isPhonePunctuation(c) || (c == '+' && i == 0)) {
            if (run > 0)
                groups.push_back(run);
            run = 0;
        } else {
            return {};
        }
    }
    if (run > 0)
        groups.push_back(run);
    return groups;
}

/// 12-31-2020, 2020-12-31, 1.2.2020: three groups of a day, a month and a four-digit year.
bool isDateShape(const std::vector<int>& groups) {
    if (groups.size() != 3)
        return false;
    const bool yearFirst = groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2;
    const bool yearLast = groups[2] == 4 && groups[0] <= 2 && groups[1] <= 2;
    return yearFirst || yearLast;
}

int digitCount(const std::vector<int>& groups) {
    int total = 0;
    for (const int g : groups)
        total += g;
    return total;
}

/// A phone number when the header already says so: the digits and punctuation suffice.
bool looksLikePhoneLoose(std::string_view value) {
    const std::vector<int> groups = phoneDigitGroups(fromUtf8(value));
    const int digits = digitCount(groups);
    return digits >= 6 && digits <= 15 && !isDateShape(groups);
}

/// Mostly letters, a few words: a name or an address line rather than a number or a code.
bool looksLikeWords(std::string_view value, int maxWords) {
    const QString text = fromUtf8(value);
    int letters = 0;
    int others = 0;
    for (const QChar c : text) {
        if (c.isLetter())
            ++letters;
        else if (!c.isSpace())
            ++others;
    }
    const auto words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    return letters >= 2 && letters >= 2 * others && words.size() <= maxWords;
}

double share(const std::vector<std::string>& sample,
             const std::function<bool(std::string_view)>& test) {
    if (sample.empty())
        return 0.0;
    const auto hits = std::count_if(sample.begin(), sample.end(),
                                    [&test](const std::string& value) { return test(value); });
    return static_cast<double>(hits) / static_cast<double>(sample.size());
}

} // namespace

std::string personalDataKindName(PersonalDataKind kind) {
    switch (kind) {
    case PersonalDataKind::Email:
        return "email";
    case PersonalDataKind::Phone:
        return "phone";
    case PersonalDataKind::PersonName:
        return "person name";
    case PersonalDataKind::PostalAddress:
        return "postal address";
    case PersonalDataKind::None:
        break;
    }
    return "none";
}

PersonalDataKind classifyHeader(std::string_view header) {
    const QStringList words = headerWords(header);
    const QStringList all = wordsAndPairs(words);
    if (anyIn(all, kEmailWords))
        return PersonalDataKind::Email;
    if (anyIn(all, kPhoneWords) && !anyIn(words, kPhoneNotNumber))
        return PersonalDataKind::Phone;
    if (isPersonNameHeader(words))
        return PersonalDataKind::PersonName;
    if (anyIn(all, kAddressWords) && !anyIn(words, kAddressNotPostal))
        return PersonalDataKind::PostalAddress;
    return PersonalDataKind::None;
}

bool looksLikeEmail(std::string_view value) {
    static const QRegularExpression pattern(
        QStringLiteral("^[^\\s@<>(),;:\"]+@[^\\s@<>(),;:\"]+\\.[^\\s@<>(),;:\".]{2,}$"));
    return pattern.match(fromUtf8(value)).hasMatch();
}

bool looksLikePhone(std::string_view value) {
    const QString text = fromUtf8(value);
    const std::vector<int> groups = phoneDigitGroups(text);
    const int digits = digitCount(groups);
    if (digits < 7 || digits > 15 || isDateShape(groups))
        return false;
    if (text.startsWith('+') || (text.startsWith(QLatin1String("00")) && groups.size() > 1))
        return true;
    const bool separated = groups.size() > 1;
    if (separated && (text.startsWith('0') || text.startsWith('(')))
        return true;
    // North American 555-123-4567 (or with spaces or dots).
    return groups.size() == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4;
}

PersonalDataKind classifyColumn(std::string_view header, const std::vector<std::string>& sample) {
    const PersonalDataKind byHeader = classifyHeader(header);
    const bool noSample = sample.empty();
    switch (byHeader) {
    case PersonalDataKind::Email:
        if (noSample || share(sample, looksLikeEmail) >= 0.5)
            return byHeader;
        break;
    case PersonalDataKind::Phone:
        if (noSample || share(sample, looksLikePhoneLoose) >= 0.5)
            return byHeader;
        break;
    case PersonalDataKind::PersonName:
        if (noSample ||
            share(sample, [](std::string_view v) { return looksLikeWords(v, 5); }) >= 0.5)
            return byHeader;
        break;
    case PersonalDataKind::PostalAddress:
        if (noSample ||
            share(sample, [](std::string_view v) { return looksLikeWords(v, 12); }) >= 0.5)
            return byHeader;
        break;
    case PersonalDataKind::None:
        break;
    }
    if (share(sample, looksLikeEmail) >= 0.8)
        return PersonalDataKind::Email;
    if (share(sample, looksLikePhone) >= 0.8)
        return PersonalDataKind::Phone;
    return PersonalDataKind::None;
}

std::string maskEmail(std::string_view value) {
    const QString text = fromUtf8(value);
    const qsizetype at = text.lastIndexOf('@');
    if (at <= 0)
        return text.isEmpty() ? std::string() : toUtf8(firstCharacter(text) + "***");
    const QString domain = text.mid(at + 1);
    const qsizetype dot = domain.lastIndexOf('.');
    QString masked = firstCharacter(text) + "***@" + firstCharacter(domain) + "***";
    if (dot > 0)
        masked += domain.mid(dot);
    return toUtf8(masked);
}

std::string maskPhone(std::string_view value) {
    const QString text = fromUtf8(value);
    int totalDigits = 0;
    for (const QChar c : text)
        totalDigits += c.isDigit() ? 1 : 0;
    // A leading '+' keeps its country code (the first group, at most 3 digits).
    int keepLeading = 0;
    if (text.startsWith('+')) {
        for (qsizetype i = 1; i < text.size() && text[i].isDigit() && keepLeading < 3; ++i)
            ++keepLeading;
    }
    QString masked;
    masked.reserve(text.size());
    int seen = 0;
    for (const QChar c : text) {
        if (!c.isDigit()) {
            masked.append(c);
            continue;
        }
        ++seen;
        const bool keep = seen <= keepLeading || (totalDigits - seen < 2 && totalDigits > 4);
        masked.append(keep ? c : QChar('*'));
    }
    return toUtf8(masked);
}

std::string maskPersonName(std::string_view value) {
    const QString text = fromUtf8(value);
    QStringList initials;
    for (const QString& word :
         text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
        qsizetype i = 0;
        while (i < word.size() && !word[i].isLetter())
            ++i;
        if (i < word.size())
            initials << firstCharacter(word.mid(i)).toUpper() + '.';
    }
    return toUtf8(initials.join(' '));
}

std::string maskPostalAddress(std::string_view value) {
    const QString text = fromUtf8(value);
    QString masked;
    QString word;
    const auto flush = [&masked, &word] {
        if (word.isEmpty())
            return;
        const bool hasDigit =
            std::any_of(word.begin(), word.end(), [](QChar c) { return c.isDigit(); });
        masked += hasDigit ? QStringLiteral("***") : firstCharacter(word) + "***";
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber() || c == '\'' || c == '-' || c == '.') {
            word.append(c);
        } else {
            flush();
            masked.append(c);
        }
    }
    flush();
    return toUtf8(masked);
}

std::string maskPersonalValue(PersonalDataKind kind, std::string_view value) {
    switch (kind) {
    case PersonalDataKind::Email:
        return maskEmail(value);
    case PersonalDataKind::Phone:
        return maskPhone(value);
    case PersonalDataKind::PersonName:
        return maskPersonName(value);
    case PersonalDataKind::PostalAddress:
        return maskPostalAddress(value);
    case PersonalDataKind::None:
        break;
    }
    return std::string(value);
}

std::string maskEmbeddedEmails(std::string_view text) {
    if (text.find('@') == std::string_view::npos)
        return std::string(text);
    static const QRegularExpression email(
        QStringLiteral("[^\\s@<>(),;:\"']+@[^\\s@<>(),;:\"']+\\.[^\\s@<>(),;:\"'.]{2,}"));
    const QString input = QString::fromUtf8(text.data(), qsizetype(text.size()));
    QString output;
    qsizetype last = 0;
    for (auto it = email.globalMatch(input); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        output += input.mid(last, match.capturedStart() - last);
        output += QString::fromStdString(maskEmail(match.captured().toStdString()));
        last = match.capturedEnd();
    }
    output += input.mid(last);
    return toUtf8(output);
}

} // namespace microseg::core
