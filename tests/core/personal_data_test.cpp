#include "microseg/personal_data.h"
#include "test_util.h"

#include <gtest/gtest.h>

using namespace microseg::core;

TEST(PersonalData, HeadersInSeveralLanguagesAndSpellings) {
    for (const char* header : {"email", "E-Mail", "EmailAddress", "email_address", "Mail",
                               "courriel", "Correo electrónico"})
        EXPECT_EQ(classifyHeader(header), PersonalDataKind::Email) << header;
    for (const char* header : {"phone", "Phone Number", "tel", "Mobile", "cell_phone", "Telefon",
                               "téléphone", "Teléfono", "telefoonnummer", "Handy"})
        EXPECT_EQ(classifyHeader(header), PersonalDataKind::Phone) << header;
    for (const char* header :
         {"name", "Name", "first_name", "FirstName", "last name", "surname", "Customer Name",
          "full_name", "Vorname", "Nachname", "prénom", "apellidos", "cognome", "achternaam"})
        EXPECT_EQ(classifyHeader(header), PersonalDataKind::PersonName) << header;
    for (const char* header : {"address", "Street", "street_address", "Address Line 1", "Straße",
                               "Adresse", "dirección", "indirizzo"})
        EXPECT_EQ(classifyHeader(header), PersonalDataKind::PostalAddress) << header;
}

TEST(PersonalData, HeadersThatOnlyResemblePersonalData) {
    for (const char* header :
         {"PhoneService", "MultipleLines", "PaymentMethod", "ProductName", "company_name",
          "StockCode", "Description", "CustomerID", "ip_address", "hotel", "Marital_Status",
          "Country", "Genre", "file name", "NumWebVisitsMonth", "Dt_Customer"})
        EXPECT_EQ(classifyHeader(header), PersonalDataKind::None) << header;
}

TEST(PersonalData, ValueShapes) {
    EXPECT_TRUE(looksLikeEmail("john.doe@example.com"));
    EXPECT_TRUE(looksLikeEmail("  a+b@mail.co.uk "));
    EXPECT_FALSE(looksLikeEmail("john.doe@example"));
    EXPECT_FALSE(looksLikeEmail("john doe@example.com"));
    EXPECT_FALSE(looksLikeEmail("Mailed check"));
    for (const char* phone :
         {"+49 30 1234 5612", "+1 (555) 123-4567", "030 1234567", "0049-30-123456",
          "(030) 123 45 67", "555-123-4567", "06.12.34.56.78"})
        EXPECT_TRUE(looksLikePhone(phone)) << phone;
    for (const char* other :
         {"04-09-2012", "2010-12-01 09:41:00", "2014.06.29", "123456789", "1889.50", "7590-VHVEG",
          "C536379", "14527", "12/31/2020", "0001", "29.85", "-1", "666666"})
        EXPECT_FALSE(looksLikePhone(other)) << other;
}

TEST(PersonalData, ContentConfirmsOrOverridesTheHeader) {
    const std::vector<std::string> emails = {"ann@example.com", "bo@example.org", "cy@test.de"};
    const std::vector<std::string> phones = {"+44 20 7946 0958", "+44 161 496 0000",
                                             "020 7946 0018"};
    const std::vector<std::string> yesNo = {"Yes", "No", "No", "Yes"};
    EXPECT_EQ(classifyColumn("contact", emails), PersonalDataKind::Email);   // content alone
    EXPECT_EQ(classifyColumn("reach_at", phones), PersonalDataKind::Phone);  // content alone
    EXPECT_EQ(classifyColumn("mail_opt_in", yesNo), PersonalDataKind::None); // header refuted
    EXPECT_EQ(classifyColumn("phone", {"4930123456", "4930123457"}), PersonalDataKind::Phone);
    EXPECT_EQ(classifyColumn("Name", {"Ada Lovelace", "Alan Turing", "Grace Hopper"}),
              PersonalDataKind::PersonName);
    EXPECT_EQ(classifyColumn("Name", {"1001", "1002", "1003"}), PersonalDataKind::None);
    EXPECT_EQ(classifyColumn("street", {"221B Baker Street", "10 Downing Street"}),
              PersonalDataKind::PostalAddress);
    EXPECT_EQ(classifyColumn("name", {}), PersonalDataKind::PersonName); // header only
    // Dates written with dashes are not phone numbers.
    EXPECT_EQ(classifyColumn("Dt_Customer", {"04-09-2012", "08-03-2014", "21-08-2013"}),
              PersonalDataKind::None);
}

TEST(PersonalData, MasksAreDeterministicAndHideTheValue) {
    EXPECT_EQ(maskEmail("john.doe@example.com"), "j***@e***.com");
    EXPECT_EQ(maskEmail("Zoë@münchen.de"), "Z***@m***.de");
    EXPECT_EQ(maskEmail("not-an-email"), "n***");
    EXPECT_EQ(maskPhone("+49 30 1234 5612"), "+49 ** **** **12");
    EXPECT_EQ(maskPhone("(555) 123-4567"), "(***) ***-**67");
    EXPECT_EQ(maskPersonName("John Doe"), "J. D.");
    EXPECT_EQ(maskPersonName("Doe, John"), "D. J.");
    EXPECT_EQ(maskPersonName("émile zola"), "É. Z.");
    EXPECT_EQ(maskPostalAddress("221B Baker Street, London NW1"), "*** B*** S***, L*** ***");
    EXPECT_EQ(maskPersonalValue(PersonalDataKind::None, "kept"), "kept");
    EXPECT_EQ(maskPersonalValue(PersonalDataKind::Email, "a@b.io"),
              maskPersonalValue(PersonalDataKind::Email, "a@b.io"));
    EXPECT_EQ(maskEmbeddedEmails("write to ann@example.com, or bo@test.org."),
              "write to a***@e***.com, or b***@t***.org.");
    EXPECT_EQ(maskEmbeddedEmails("no address here"), "no address here");
}

// The shared datasets hold no emails, phones, names or addresses: nothing may be flagged, in
// particular not Telco's PhoneService, marketing's dd-mm-yyyy dates or the retail timestamps.
TEST(PersonalData, NoFalseAlarmsOnTheSharedDatasets) {
    for (const char* file :
         {"Mall_Customers.csv", "Telco-Customer-Churn.csv", "Wholesale_customers_data.csv",
          "marketing_campaign.csv", "online_retail_sample10pct.csv"}) {
        const auto data = microseg::test::readAll(
            microseg::test::readFile(microseg::test::sharedDir() + "/data/" + file));
        ASSERT_GT(data.names.size(), 4u) << file;
        ASSERT_GE(data.rows.size(), 200u) << file;
        for (std::size_t c = 0; c < data.names.size(); ++c) {
            std::vector<std::string> sample;
            for (std::size_t r = 0; r < data.rows.size() && sample.size() < 500; ++r) {
                if (c < data.rows[r].size() && !data.rows[r][c].empty())
                    sample.push_back(data.rows[r][c]);
            }
            EXPECT_EQ(classifyColumn(data.names[c], sample), PersonalDataKind::None)
                << file << " column " << data.names[c];
        }
    }
}

// The same files with personal columns added, as a CRM export would have them.
TEST(PersonalData, FindsPersonalColumnsAddedToARealTable) {
    const auto data =
        microseg::test::readAll("CustomerID,Genre,Age,Contact,Kontakt Telefon,Kunde Vorname\r\n"
                                "0001,Male,19,m.smith@example.net,+49 170 1234567,Max\r\n"
                                "0002,Male,21,j.jones@example.org,+49 151 7654321,Jan\r\n"
                                "0003,Female,20,k.lee@example.com,0170 9876543,Kim\r\n");
    std::vector<PersonalDataKind> kinds;
    for (std::size_t c = 0; c < data.names.size(); ++c) {
        std::vector<std::string> sample;
        for (const auto& row : data.rows)
            sample.push_back(row[c]);
        kinds.push_back(classifyColumn(data.names[c], sample));
    }
    EXPECT_EQ(kinds, (std::vector<PersonalDataKind>{PersonalDataKind::None, PersonalDataKind::None,
                                                    PersonalDataKind::None, PersonalDataKind::Email,
                                                    PersonalDataKind::Phone,
                                                    PersonalDataKind::PersonName}));
}
