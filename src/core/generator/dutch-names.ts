/** Word lists for realistic Dutch relations, descriptions and documents. */
export const companyWords = ['Bakkerij', 'Installatiebedrijf', 'Transport', 'Bouwbedrijf', 'Hoveniersbedrijf', 'Adviesbureau', 'Drukkerij', 'Autobedrijf', 'Schildersbedrijf', 'Groothandel', 'Kapsalon', 'Fietsenmaker', 'Loodgieter', 'Architectenbureau', 'Cateraar'];
export const familyNames = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits'];
export const legalForms = ['B.V.', 'V.O.F.', '', 'Holding B.V.', 'en Zonen'];
export const cities = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen', 'Tilburg', 'Almere', 'Breda', 'Nijmegen', 'Apeldoorn', 'Haarlem', 'Enschede', 'Zwolle', 'Leeuwarden', 'Maastricht', 'Delft', 'Deventer'];
export const salesItems = ['Levering materialen', 'Werkzaamheden', 'Advieswerk', 'Onderhoudscontract', 'Montage', 'Reparatie', 'Licentie', 'Transportkosten', 'Projectbegeleiding'];
export const costItems: ReadonlyArray<[string, string]> = [
  ['4200', 'Huur bedrijfspand'],
  ['4300', 'Brandstof'],
  ['4300', 'Leasetermijn auto'],
  ['4400', 'Kantoorartikelen'],
  ['4400', 'Telefoon en internet'],
  ['4500', 'Advertenties'],
  ['4600', 'Verzekeringen'],
  ['4600', 'Accountantskosten'],
  ['7000', 'Inkoop handelsgoederen'],
];
