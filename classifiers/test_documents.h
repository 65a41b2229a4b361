// Realistic sample texts shared by the classifier and extractor tests.
#pragma once

namespace docflow::testdocs {

inline constexpr const char* kFrenchInvoice = R"(ATELIER MARTIN SARL
12 rue des Lilas - 69003 Lyon
SIRET 812 345 678 00021 - TVA FR12812345678
                                                   FACTURE
                                                   Facture N° FA-2024-0042
                                                   Date de facture : 12 mars 2024
                                                   Date d'échéance : 11/04/2024
Client : Boulangerie Dupont
8 place du Marché, 38000 Grenoble

Désignation                         Qté    P.U. HT      Montant HT
Maintenance four à sole               1    850,00 €      850,00 €
Pièces détachées                      2    104,35 €      208,70 €

                                           Total HT      1 028,80 €
                                           TVA 20 %        205,76 €
                                           Total TTC     1 234,56 €
                                           Net à payer   1 234,56 €

Conditions de paiement : 30 jours. IBAN FR76 3000 6000 0112 3456 7890 189
)";

inline constexpr const char* kEnglishInvoice = R"(Acme Tools Inc.
500 Market Street, San Francisco, CA 94105

INVOICE
Invoice #: INV-10233
Invoice Date: 03/14/2024
Due Date: 04/13/2024
Bill To: Globex LLC

Description              Qty   Unit Price     Amount
Cordless drill             4      $129.00    $516.00
Drill bits set             4       $24.50     $98.00

Subtotal                                     $614.00
Sales Tax (8.5%)                              $52.19
Total                                        $666.19
Amount Due                                   $666.19
)";

inline constexpr const char* kReceipt = R"(SUPERMARCHE DU CENTRE
Ticket de caisse
Caisse 3   Caissier : Julie
14/02/2024 18:32

PAIN COMPLET               2,10
LAIT DEMI-ECREME 1L        1,15
POMMES GOLDEN 1KG          2,89
TOTAL                      6,14 EUR
ESPECES                   10,00
RENDU                      3,86
TVA 5,5%                   0,32
Merci de votre visite !
)";

inline constexpr const char* kCreditNote = R"(AVOIR N° AV-2024-007
Date : 05/06/2024
Référence facture : FA-2024-0042
Client : Boulangerie Dupont
Remboursement pièce défectueuse      1    -104,35 €
Total HT      -104,35 €
TVA 20 %       -20,87 €
Total TTC     -125,22 €
)";

inline constexpr const char* kEnglishContract = R"(                         SERVICES AGREEMENT

This Services Agreement (the "Agreement") is entered into as of January 15, 2023
(the "Effective Date") by and between Northwind Traders, Inc., a Delaware
corporation ("Northwind"), and Blue Harbor Consulting LLC, a New York limited
liability company ("Consultant").

WHEREAS, Northwind wishes to engage Consultant to provide certain services; and
WHEREAS, Consultant is willing to provide such services on the terms hereinafter set forth.

NOW, THEREFORE, the parties hereby agree as follows:
1. Services. Consultant shall perform the services described in Exhibit A.
2. Term of Agreement. This Agreement shall remain in effect for one (1) year.
3. Termination. Either party may terminate this Agreement upon thirty days notice.
4. Confidentiality. Each party shall keep confidential the other party's information.
5. Governing Law. This Agreement shall be governed by the laws of the State of New York.

IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written above.
)";

inline constexpr const char* kFrenchContract = R"(CONTRAT DE PRESTATION DE SERVICES

Entre les soussignés :
La société Alpha Conseil SAS, au capital de 10 000 euros, dont le siège est situé
3 avenue Foch, 75016 Paris, ci-après dénommée « le Prestataire », d'une part,
Et la société Beta Industrie SARL, dont le siège est situé 5 rue Pasteur, 69007 Lyon,
ci-après dénommée « le Client », d'autre part,

Il a été convenu ce qui suit :
Article 1 - Objet du contrat
Le Prestataire s'engage à réaliser les prestations décrites en annexe.
Article 2 - Durée et résiliation
Le présent contrat est conclu pour une durée d'un an. Les parties peuvent le résilier.
Article 3 - Droit applicable
Le présent contrat est soumis au droit français.

Fait à Lyon, le 3 février 2024, en deux exemplaires.
Lu et approuvé
)";

inline constexpr const char* kBusinessCard = R"(Claire Dubois
Directrice Commerciale
Nexora Solutions SAS
Tél. : +33 6 12 34 56 78
claire.dubois@nexora.fr
www.nexora.fr
)";

inline constexpr const char* kVCard = R"(BEGIN:VCARD
VERSION:3.0
N:Smith;John;;Mr.;
FN:John Smith
ORG:Example Corp;Research
TITLE:Chief Technology Officer
EMAIL;TYPE=INTERNET:john.smith@example.com
TEL;TYPE=WORK,VOICE:+1 (555) 010-2030
URL:https://example.com
END:VCARD
)";

inline constexpr const char* kNews = R"(City council approves new cycling lanes

The city council voted on Tuesday to extend the network of protected cycling
lanes across the northern districts. The project, which has been debated for
more than two years, will be carried out in three phases starting next spring.
Local residents expressed mixed reactions: some welcomed safer streets for
children, while shopkeepers worried about the loss of parking spaces. The mayor
said the plan was part of a wider effort to reduce traffic and improve air
quality, and promised regular public meetings to discuss its progress.
)";

}  // namespace docflow::testdocs
