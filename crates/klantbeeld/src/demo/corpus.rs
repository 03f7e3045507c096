//! Static text corpus for the "Polderstroom" demo organisation (Dutch energy + fibre provider): topics, names, places and message templates.
//!
//! Placeholders: `{ref}` (customer/contract/order number) may appear in `openings`;
//! `{name}` (customer first name) and `{agent}` (agent first name) may appear in `agent_replies`.
//! No other text uses placeholders.

/// A support topic with Dutch and English message templates.
pub struct Topic {
    pub key: &'static str,
    pub tags: &'static [&'static str],
    pub nl: TopicTexts,
    pub en: TopicTexts,
}

/// Message templates for one topic in one language.
pub struct TopicTexts {
    pub subjects: &'static [&'static str],
    pub openings: &'static [&'static str],
    pub follow_ups: &'static [&'static str],
    pub agent_replies: &'static [&'static str],
    pub internal_notes: &'static [&'static str],
}

pub static TOPICS: &[Topic] = &[
    // ------------------------------------------------------------------ billing
    Topic {
        key: "billing",
        tags: &["facturatie"],
        nl: TopicTexts {
            subjects: &["Vraag over mijn jaarafrekening", "Jaarafrekening veel hoger dan verwacht", "Twee keer vastrecht op factuur?", "Factuur klopt niet", "Termijnbedrag zomaar verhoogd", "Teruglevering niet op jaarafrekening"],
            openings: &[
                "Goedemiddag, ik heb gisteren mijn jaarafrekening ontvangen en ik moet ruim € 600 bijbetalen. Ons verbruik is volgens mij nauwelijks veranderd ten opzichte van vorig jaar. Kunt u nagaan of er iets mis is gegaan? Mijn klantnummer is {ref}.",
                "Hallo, op mijn factuur van deze maand staan twee keer vaste leveringskosten voor stroom. Dat lijkt me niet de bedoeling. Graag een correctie.",
                "Ik snap helemaal niks van die jaarafrekening. Allemaal tarieven, energiebelasting, vermindering energiebelasting, netbeheerkosten... Wat moet ik nu eigenlijk betalen, en wanneer?",
                "Beste Polderstroom, waarom is mijn termijnbedrag verhoogd van € 145 naar € 198 zonder dat iemand mij iets heeft gevraagd? Ik wil graag terug naar het oude bedrag. Contractnummer {ref}.",
                "Dit is nu de derde keer dat mijn factuur niet klopt. Er wordt gerekend met een meterstand die ik nooit heb doorgegeven. Ik verwacht dat het nu eindelijk eens goed wordt opgelost.",
                "Goedemorgen, wij hebben vorig voorjaar zonnepanelen laten plaatsen, maar op de jaarafrekening zie ik de teruglevering nergens terug. Hoe wordt dat verrekend?",
                "Hoi, is het mogelijk om de jaarafrekening op papier te krijgen? Mijn moeder (82) doet haar eigen administratie en kan niet goed overweg met de pdf in de app.",
            ],
            follow_ups: &["Bedankt voor de uitleg, het is me nu een stuk duidelijker.", "Ik heb nog steeds geen gecorrigeerde factuur ontvangen. Wanneer kan ik die verwachten?", "In de bijlage een foto van de meterstanden van begin januari, dan kunt u het zelf vergelijken.", "Het bedrag is inmiddels toch van mijn rekening afgeschreven, terwijl u zei dat de incasso zou worden tegengehouden. Hoe zit dat?", "Oké, dan betaal ik het liever in termijnen. Hoe regel ik dat?"],
            agent_replies: &[
                "Beste {name},\n\nBedankt voor uw bericht. Ik heb uw jaarafrekening nagekeken. Het hoge bedrag komt vooral doordat uw termijnbedrag het afgelopen jaar aan de lage kant was: u betaalde € 95 per maand, terwijl uw werkelijke kosten uitkwamen op ongeveer € 140 per maand. Ik heb uw nieuwe termijnbedrag daarom aangepast naar € 138.\n\nWilt u het bij te betalen bedrag liever in termijnen voldoen? Laat het me weten, dan zet ik een betalingsregeling voor u klaar.\n\nMet vriendelijke groet,\n{agent}\nKlantenservice Polderstroom",
                "Beste {name},\n\nU heeft gelijk: de vaste leveringskosten zijn deze maand per abuis twee keer in rekening gebracht. Ik heb een creditfactuur aangemaakt en het bedrag wordt binnen 5 werkdagen teruggestort op uw rekening.\n\nExcuses voor het ongemak.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nIk begrijp dat de jaarafrekening er ingewikkeld uitziet. Kort samengevat: bovenaan ziet u het totaal van uw werkelijke kosten over het afgelopen jaar. Daar trekken we de termijnbedragen die u al heeft betaald van af. Het verschil, € 86,40, moet u nog bijbetalen. Dit bedrag schrijven we op of rond de 28e automatisch af via de incasso; u hoeft dus zelf niets te doen.\n\nDe vermindering energiebelasting is een vaste korting van de overheid per aansluiting; die is al verrekend.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nNa elke jaarafrekening berekenen wij opnieuw welk termijnbedrag bij uw verbruik en de huidige tarieven past, zodat u volgend jaar niet voor een grote verrassing komt te staan. Daardoor is uw termijnbedrag verhoogd. U kunt het bedrag zelf aanpassen in de app onder 'Mijn termijnbedrag', maar houd er rekening mee dat u dan bij de volgende jaarafrekening waarschijnlijk moet bijbetalen.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom",
                "Beste {name},\n\nMijn excuses dat dit opnieuw is misgegaan. Ik heb de meterstand van 1 januari gecorrigeerd naar de stand op uw foto en een nieuwe jaarafrekening aangevraagd. Die ontvangt u binnen 10 werkdagen. Tot die tijd heb ik de incasso van het openstaande bedrag tegengehouden.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nUw teruglevering staat wel degelijk op de jaarafrekening, op pagina 2 onder 'Teruggeleverde stroom'. De stroom die uw panelen hebben teruggeleverd, wordt verrekend met wat u van het net heeft afgenomen. Daardoor is uw totale stroomverbruik op de afrekening een stuk lager dan vorig jaar.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nDat kan zeker! Ik heb voor je moeder papieren facturen aangezet; vanaf de volgende factuur komt alles per post. Daar zijn geen extra kosten aan verbonden.\n\nGroetjes,\n{agent}",
            ],
            internal_notes: &["Klant heeft al twee keer eerder gebeld over deze factuur. Graag coulant zijn, eventueel € 25 compensatie aanbieden.", "Meterstand 01-01 was geschat, klant heeft nu een foto gestuurd. Graag corrigeren en herfactureren.", "Creditnota aangemaakt, ligt ter goedkeuring bij teamleider i.v.m. bedrag > € 250.", "Incasso tegengehouden t/m eind van de maand. Niet vergeten weer te activeren na herfacturatie!"],
        },
        en: TopicTexts {
            subjects: &["Question about my annual statement", "Annual bill much higher than expected", "Charged twice this month?", "Can someone explain my bill in English?", "Monthly payment increased without notice"],
            openings: &[
                "Hi, I received my annual statement (jaarafrekening) yesterday and apparently I owe €540. I've only lived in this apartment for eight months, so this seems very high. Could you check it? My customer number is {ref}.",
                "Hello, I'm afraid my Dutch isn't good enough to understand my invoice. Could someone explain what the 'vermindering energiebelasting' line means and why one of the amounts is negative?",
                "My monthly payment went up from €120 to €175 and I never agreed to that. Please change it back. Contract {ref}.",
                "Hi there, it looks like I've been charged twice for February. Two direct debits of €132 each went out on the same day. Please refund one of them.",
                "Good morning. Could you also send my invoices to a second email address? My employer's relocation team needs copies for my housing allowance.",
                "This is getting frustrating. I've asked twice now for a corrected bill and still nothing. The meter reading you used is obviously an estimate and it's way off.",
            ],
            follow_ups: &["Thanks, that makes sense now. Appreciate the explanation.", "Still haven't received the corrected invoice. Any update?", "I've attached a photo of the meter with today's readings.", "OK, a payment plan would help. Can we split it over three months?", "The refund arrived, thank you for sorting this out so quickly."],
            agent_replies: &[
                "Dear {name},\n\nThank you for your message. I've checked your annual statement. The amount is higher mainly because your monthly payment was set quite low when you moved in, while your actual usage over the winter months was higher. I've adjusted your monthly payment to €95 so this doesn't happen again.\n\nIf you'd like to pay the outstanding amount in instalments, just let me know and I'll set up a payment plan.\n\nKind regards,\n{agent}\nPolderstroom Customer Service",
                "Hi {name},\n\nHappy to explain! 'Vermindering energiebelasting' is a fixed tax reduction from the Dutch government that every household connection receives. That's why it shows as a negative amount: it lowers your bill. It's deducted automatically, so you don't need to do anything.\n\nBest regards,\n{agent}",
                "Dear {name},\n\nAfter every annual statement we recalculate your monthly payment based on your actual usage and current rates, which is why it went up. You can change the amount yourself in the app under 'Monthly payment', within a range of 20%. Please keep in mind that a lower amount may mean paying extra at the end of the year.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nYou're right, the February payment was collected twice due to an error on our side. I've arranged a refund of €132, which should be back in your account within 5 working days. Sorry for the inconvenience.\n\nKind regards,\n{agent}\nPolderstroom",
                "Hi {name},\n\nI've added a second email address for invoices to your account. From the next invoice onwards, copies will be sent there automatically. You can also download all previous invoices as PDF in the app under 'Invoices'.\n\nBest,\n{agent}",
                "Dear {name},\n\nI'm sorry this has taken so long. I've replaced the estimated reading with the reading from your photo and requested a new statement, which you'll receive within 10 working days. I've also put the direct debit on hold until then.\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Customer moved in mid-year, annual statement based on standard profile. Explained in English, instalment amount adjusted.", "Double debit confirmed, bank batch error on the 1st. Refund processed, see batch ticket.", "Customer prefers English communication. Language preference updated in CRM."],
        },
    },
    // ------------------------------------------------------------------ outage
    Topic {
        key: "outage",
        tags: &["storing", "techniek"],
        nl: TopicTexts {
            subjects: &["Storing internet", "Geen internet sinds vanochtend", "Internet valt steeds weg", "Storing in mijn wijk?", "Geen stroom", "Tv-beeld blijft hangen"],
            openings: &[
                "Sinds vanochtend 7 uur hebben we geen internet meer. Het lampje 'PON' op het glasvezelkastje knippert rood. Ik heb het modem al twee keer opnieuw opgestart. Ik werk thuis, dus graag snel een oplossing!",
                "Is er een storing in postcodegebied 3512? Bij ons en bij de buren ligt het internet er al sinds gisteravond uit.",
                "Goedendag, onze internetverbinding valt meerdere keren per dag een paar minuten weg, vooral 's avonds. Dat gaat nu al twee weken zo. Kunt u op afstand meekijken? Klantnummer {ref}.",
                "We hebben geen stroom in het hele huis, maar de buren wel. Ik heb de groepenkast gecontroleerd en de hoofdschakelaar staat gewoon aan. Wat moet ik doen?",
                "Al DRIE dagen geen internet en niemand belt terug. Ik betaal € 55 per maand voor iets dat niet werkt. Dit is echt onacceptabel.",
                "Hallo, de tv via glasvezel hapert steeds en het beeld blijft hangen, vooral bij live uitzendingen. Internet lijkt wel normaal te werken.",
            ],
            follow_ups: &["Het werkt weer sinds een uur of twee. Bedankt!", "Ik heb nog steeds geen internet. De monteur zou vandaag tussen 8 en 12 komen, maar er is niemand geweest.", "Ik heb het kastje losgekoppeld en na 30 seconden weer aangesloten zoals gevraagd, maar het lampje blijft rood.", "Krijg ik nog een vergoeding voor de dagen zonder internet?", "Overdag gaat het nu goed, maar vanavond rond 21:00 viel het weer weg."],
            agent_replies: &[
                "Beste {name},\n\nDank voor uw melding. Er is op dit moment inderdaad een storing in uw postcodegebied: bij graafwerkzaamheden is een glasvezelkabel beschadigd. Onze monteurs zijn ter plaatse en we verwachten dat de verbinding vanavond rond 20:00 hersteld is. U hoeft zelf niets te doen; u ontvangt een sms zodra alles weer werkt.\n\nOnze excuses voor het ongemak.\n\nMet vriendelijke groet,\n{agent}\nTechniek Polderstroom",
                "Beste {name},\n\nIk heb op afstand een meting op uw lijn gedaan en zie dat het signaal van uw glasvezelaansluiting te zwak is. Dat verklaart het wegvallen van de verbinding. Ik heb een monteur voor u ingepland op donderdag tussen 8:00 en 13:00. Wilt u ervoor zorgen dat er iemand thuis is en dat de meterkast goed bereikbaar is?\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nVervelend dat u zonder stroom zit. Bij een stroomstoring is niet Polderstroom als leverancier, maar uw regionale netbeheerder verantwoordelijk voor het herstel. Het storingsnummer van uw netbeheerder vindt u op de sticker in uw meterkast. Controleer eerst of er geen aardlekschakelaar is uitgeslagen; is dat niet zo, belt u dan direct de netbeheerder.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nOmdat uw internet langer dan 12 uur achter elkaar niet beschikbaar was, heeft u recht op een vergoeding. Ik heb € 15 gecrediteerd; dit ziet u terug op uw volgende factuur.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nIk heb even meegekeken: je glasvezelverbinding zelf is stabiel, het probleem zit waarschijnlijk in de wifi. Zet het modem eens op een hogere, open plek en niet in de meterkast of achter de tv. Ik heb ook het wifikanaal aangepast naar een rustiger kanaal. Laat je weten of het beter gaat?\n\nGroet,\n{agent}",
                "Beste {name},\n\nHet spijt me zeer dat de monteur vanochtend niet is langsgekomen. Dat is bij ons misgegaan in de planning, niet bij u. Ik heb dit geëscaleerd en u staat morgen als eerste afspraak ingepland, tussen 8:00 en 10:00. Als compensatie heb ik € 25 op uw account gezet.\n\nMet vriendelijke groet,\n{agent}",
            ],
            internal_notes: &["Meerdere meldingen uit 3512 en 3513. Gekoppeld aan hoofdstoring, klant krijgt automatisch sms bij herstel.", "Lijnmeting: ONT ontvangt -29 dBm, te laag. Monteur ingepland, prio hoog want klant werkt thuis.", "Monteursafspraak gemist door planning, niet door klant. € 25 compensatie toegezegd.", "Let op: klant is erg geïrriteerd, al 3x gebeld. Graag vandaag nog terugbellen."],
        },
        en: TopicTexts {
            subjects: &["Internet down", "No internet since this morning", "Connection keeps dropping", "Outage in my area?", "Power cut in my apartment"],
            openings: &[
                "Hi, our internet has been down since about 7am. The light on the fibre box is blinking red and restarting the modem didn't help. I have work calls all day, so I'd really appreciate a quick fix.",
                "Is there an outage in Amsterdam-Oost? My neighbours have no internet either.",
                "Hello, my connection drops for a few minutes several times a day, mostly in the evenings. It's been like this for about two weeks. Customer number {ref}.",
                "The power is out in our apartment but the rest of the building seems fine. I checked the fuse box and everything looks switched on. Who do I call?",
                "Third day without internet and nobody has called me back. I pay for a service I can't use. This is not acceptable.",
            ],
            follow_ups: &["It's working again, thanks!", "Still no internet. The engineer was supposed to come this morning but nobody showed up.", "I unplugged the box for 30 seconds like you said, but the light is still red.", "Will I get any compensation for the days without internet?"],
            agent_replies: &[
                "Dear {name},\n\nThank you for reporting this. There is currently an outage in your postcode area: a fibre cable was damaged during roadworks. Our engineers are on site and we expect the connection to be restored around 8pm tonight. You don't need to do anything; we'll send you a text once it's fixed.\n\nApologies for the inconvenience.\n\nKind regards,\n{agent}\nPolderstroom Technical Support",
                "Hi {name},\n\nI ran a remote test on your line and the fibre signal is too weak, which explains the drops. I've booked an engineer for Thursday between 8am and 1pm. Please make sure someone is home and the meter cupboard (meterkast) is accessible.\n\nBest regards,\n{agent}",
                "Dear {name},\n\nSorry to hear you're without power. In the Netherlands, power cuts are handled by the regional grid operator (netbeheerder), not by your energy supplier. You'll find their emergency number on a sticker in your meter cupboard. Please check first whether one of the earth leakage switches has tripped; if not, call them right away.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nSince your internet was unavailable for more than 12 hours in a row, you're entitled to compensation. I've credited €15 to your account, which you'll see on your next invoice.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI'm very sorry the engineer didn't show up. That was a planning error on our side. I've escalated this and booked you as the first appointment tomorrow, between 8 and 10am, and added €25 credit to your account.\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Linked to major outage in 1093/1094, customer will get SMS when resolved.", "Remote line test: low optical power on ONT. Engineer visit booked, high priority (works from home).", "Power outage = grid operator. Explained and referred, closing after confirmation."],
        },
    },
    // ------------------------------------------------------------------ move
    Topic {
        key: "move",
        tags: &["verhuizing"],
        nl: TopicTexts {
            subjects: &["Verhuizing doorgeven", "Wij verhuizen per 1 juni", "Contract meenemen naar nieuw adres", "Internet op nieuw adres", "Eindafrekening oude adres", "Facturen voor twee adressen"],
            openings: &[
                "Goedemiddag, wij verhuizen per 1 juni van Amersfoort naar Zwolle. Kunnen we ons energiecontract meenemen naar het nieuwe adres? En hoe zit het met het internet? Klantnummer {ref}.",
                "Hoi, ik ga samenwonen met mijn vriendin en zij heeft al energie bij een andere leverancier. Kan ik mijn contract dan zonder boete beëindigen?",
                "Ik heb vorige week mijn verhuizing doorgegeven via de website, maar ik heb nog geen bevestiging gekregen. Is het wel goed doorgekomen? De sleuteloverdracht is al vrijdag.",
                "Beste, mijn vader is verhuisd naar een verzorgingshuis en zijn woning wordt leeggehaald. Hoe kunnen we de energie stopzetten en wat hebben jullie van ons nodig?",
                "We zijn drie weken geleden verhuisd, maar krijgen nog steeds een termijnbedrag voor het oude adres én voor het nieuwe adres. Dat kan toch niet de bedoeling zijn?",
                "Is er op mijn nieuwe adres in Heerhugowaard al glasvezel beschikbaar? Ik wil graag dat het internet werkt op de dag dat we erin trekken.",
            ],
            follow_ups: &["Hierbij de meterstanden van het oude adres op de dag van de sleuteloverdracht: stroom normaal 23.451, stroom dal 18.902, gas 7.314.", "Ik heb de bevestiging binnen, dank u wel!", "Moet ik het modem zelf meenemen naar het nieuwe adres of krijg ik een nieuwe?", "De eindafrekening van het oude adres heb ik nog steeds niet ontvangen, terwijl het nu bijna zes weken geleden is.", "Bijgevoegd de machtiging van mijn vader, zodat ik namens hem dingen kan regelen."],
            agent_replies: &[
                "Beste {name},\n\nBedankt voor het doorgeven van uw verhuizing. U kunt uw energiecontract gewoon meenemen naar uw nieuwe adres, tegen dezelfde tarieven en voorwaarden. Wilt u op de dag van de sleuteloverdracht de meterstanden van zowel uw oude als uw nieuwe adres doorgeven? Dat kan via de app of Mijn Polderstroom.\n\nVoor internet heb ik gekeken: op uw nieuwe adres is glasvezel beschikbaar. Ik heb een verhuisorder aangemaakt en de aansluiting wordt op 1 juni geactiveerd.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nAls u gaat samenwonen op een adres waar al een energiecontract loopt, kunt u uw eigen contract zonder opzegvergoeding beëindigen. Geeft u ons de verhuisdatum en de meterstanden van die dag door? Dan maken wij de eindafrekening op.\n\nMet vriendelijke groet,\n{agent}\nKlantenservice Polderstroom",
                "Beste {name},\n\nUw verhuizing is goed bij ons binnengekomen; de bevestiging is helaas niet automatisch verstuurd. Hierbij bevestig ik: de levering op uw oude adres stopt op de dag van de sleuteloverdracht en op uw nieuwe adres starten we dezelfde dag.\n\nVeel plezier in uw nieuwe woning!\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nAllereerst veel sterkte in deze periode. U kunt de levering beëindigen per de datum dat de woning leeg wordt opgeleverd. Daarvoor hebben wij nodig: de meterstanden op die dag, een correspondentieadres voor de eindafrekening en een machtiging waaruit blijkt dat u namens uw vader mag handelen. Er wordt geen opzegvergoeding in rekening gebracht.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU heeft helemaal gelijk. Bij het verwerken van uw verhuizing is de levering op het oude adres niet beëindigd. Ik heb dit alsnog gedaan per uw verhuisdatum en de te veel betaalde termijnen voor dat adres gecrediteerd. De eindafrekening volgt binnen vier weken.\n\nExcuses voor de verwarring.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nJe kunt je huidige modem gewoon meenemen naar je nieuwe adres en daar op dezelfde manier aansluiten op het glasvezelkastje. Op de verhuisdatum zetten wij de verbinding over, dus je bent meteen online.\n\nGroet,\n{agent}",
            ],
            internal_notes: &["Verhuisdatum stond in het systeem op 1 juli i.p.v. 1 juni. Gecorrigeerd, klant op de hoogte gebracht.", "Oude adres: nieuwe bewoner heeft nog geen leverancier, leegstandsprocedure gestart bij netbeheerder.", "Zoon van contractant, machtiging ontvangen en gecontroleerd. Mag namens vader handelen."],
        },
        en: TopicTexts {
            subjects: &["Moving house", "Moving out on 30 June", "Transfer contract to new address", "Internet at my new apartment", "Final bill for old address"],
            openings: &[
                "Hi, we're moving from Utrecht to Den Haag on 1 June. Can we take our energy contract with us? And how does it work for the internet? Customer number {ref}.",
                "Hello, my contract with my employer ends and I'm moving back to the UK at the end of next month. How do I close my energy and internet accounts?",
                "I submitted my move on your website last week but never got a confirmation. Did it go through? I'm getting the keys on Friday.",
                "We moved three weeks ago but we're still being charged for both the old and the new address. Can you fix this please?",
                "Is fibre available at my new address in Amstelveen? I work from home and really need internet from day one.",
            ],
            follow_ups: &["Here are the meter readings of the old apartment on moving day: electricity normal 12.845, low 10.210, gas 3.912.", "Got the confirmation, thank you!", "Should I bring my modem to the new address or will you send a new one?", "I still haven't received the final bill for my old address. Where should it be sent now that I'm abroad?"],
            agent_replies: &[
                "Dear {name},\n\nThanks for letting us know about your move. You can take your energy contract with you at the same rates and conditions. On the day you get the keys, please submit the meter readings of both the old and the new address via the app.\n\nFibre is available at your new address and I've scheduled the transfer of your internet for 1 June.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nSince you're moving abroad, you can end your contracts without an early termination fee. Please send us the meter readings on your last day, a forwarding address (an email address is fine) for the final bill, and the IBAN where we can refund any credit.\n\nWe wish you all the best back home!\n\nKind regards,\n{agent}",
                "Hi {name},\n\nYour move came through fine; the confirmation email unfortunately wasn't sent automatically. Supply at the old address will stop on your key handover date and start at the new address the same day.\n\nEnjoy your new place!\n\n{agent}",
                "Dear {name},\n\nYou're absolutely right, the supply at your old address wasn't ended when we processed your move. I've now ended it on your moving date and credited the extra payments. You'll receive the final bill within four weeks.\n\nApologies for the confusion.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nYou can simply take your current modem with you and connect it to the fibre box at your new place. We'll switch the connection over on your moving date.\n\nBest,\n{agent}",
            ],
            internal_notes: &["Customer emigrating, no termination fee. Final bill to email, refund IBAN confirmed by phone.", "Old address not ended during move processing. Corrected and double payments credited.", "New address has fibre (active), move order created for 1 June."],
        },
    },
    // ------------------------------------------------------------------ meter
    Topic {
        key: "meter",
        tags: &["meterstanden"],
        nl: TopicTexts {
            subjects: &["Meterstanden doorgeven", "Slimme meter geeft geen standen door", "Verkeerde meterstand gebruikt", "Vraag over slimme meter", "Gasmeter vervangen, wat nu?", "Welke stand moet ik doorgeven?"],
            openings: &[
                "Hallo, ik krijg steeds een mail dat ik mijn meterstanden moet doorgeven, maar ik heb toch een slimme meter? Waarom lezen jullie die niet gewoon uit?",
                "Goedemorgen, in de app zie ik al drie weken geen verbruik meer. De grafiek is gewoon leeg. Is mijn slimme meter kapot?",
                "De netbeheerder heeft vorige week mijn gasmeter vervangen. Moet ik de stand van de oude meter nog aan jullie doorgeven? Ik heb een foto gemaakt voordat de monteur hem meenam.",
                "Er is een meterstand van 45.210 kWh gebruikt, terwijl mijn meter op 25.210 staat. Volgens mij is er een typfout gemaakt en dat scheelt nogal wat euro's! Klantnummer {ref}.",
                "Ik wil niet dat de slimme meter elk kwartier gegevens doorstuurt. Hoe zet ik dat uit? Ik heb er geen behoefte aan dat jullie precies kunnen zien wanneer ik thuis ben.",
                "Ik heb zonnepanelen en een slimme meter, maar welke stand moet ik nou doorgeven? Er staan vier standen op het display: 1.8.1, 1.8.2, 2.8.1 en 2.8.2.",
            ],
            follow_ups: &["Bij deze de foto van de meter, de stand is goed leesbaar.", "De grafiek in de app doet het weer, top!", "Ik heb de standen drie dagen geleden ingevoerd, maar ik zie ze nog steeds niet terug in de app.", "Dus als ik het goed begrijp hoef ik voortaan helemaal niets meer te doen?"],
            agent_replies: &[
                "Beste {name},\n\nUw slimme meter staat bij ons geregistreerd, maar we ontvangen er sinds een paar weken geen gegevens meer van. Dat komt meestal door een storing in de communicatiemodule van de meter. Ik heb een melding gedaan bij uw netbeheerder; zij lossen dit op afstand op of komen langs. Tot die tijd vragen wij u de standen zelf door te geven.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU heeft helemaal gelijk: bij het verwerken is een typfout gemaakt. Ik heb de stand gecorrigeerd naar 25.210 kWh en binnen 10 werkdagen ontvangt u een gecorrigeerde factuur. Excuses voor de schrik!\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nOp het display van uw meter ziet u vier telwerken. 1.8.1 en 1.8.2 zijn de stroom die u van het net afneemt (daltarief en normaaltarief), 2.8.1 en 2.8.2 zijn de stroom die uw zonnepanelen teruggeven aan het net. Wilt u alle vier de standen doorgeven? Dan verrekenen wij de teruglevering correct.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU bepaalt zelf hoe vaak wij uw slimme meter uitlezen. Standaard lezen wij alleen de standen uit die nodig zijn voor uw facturen. Kwartierwaarden lezen wij alleen uit als u daar toestemming voor heeft gegeven. Ik heb die toestemming voor u ingetrokken; u kunt dit ook zelf wijzigen in Mijn Polderstroom onder 'Privacy'.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nBij het vervangen van een meter geeft de netbeheerder de eindstand van de oude meter en de beginstand van de nieuwe meter zelf aan ons door. U hoeft dus niets te doen, maar bewaar de foto voor de zekerheid.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom",
                "Hoi {name},\n\nDank je voor de foto! Ik heb de standen verwerkt en je ziet ze binnen 24 uur terug in de app.\n\nGroetjes,\n{agent}",
            ],
            internal_notes: &["Geen meterdata ontvangen sinds 12-03. Melding gedaan bij netbeheerder, referentie staat in het dossier.", "Stand handmatig gecorrigeerd (typfout bij invoer). Herfacturatie aangevraagd.", "Klant wil geen kwartierwaarden, uitleesinstelling aangepast naar alleen facturatie."],
        },
        en: TopicTexts {
            subjects: &["Submitting meter readings", "Smart meter not sending data", "Wrong meter reading used", "Which meter reading do I need?", "Question about my smart meter"],
            openings: &[
                "Hi, I keep getting emails asking me to submit my meter readings, but I have a smart meter. Can't you just read it remotely?",
                "Hello, the usage graph in the app has been empty for three weeks. Is something wrong with my smart meter?",
                "You used a reading of 45,210 kWh but my meter says 25,210. I think someone made a typo. Customer number {ref}.",
                "I have solar panels and the meter display shows four different numbers: 1.8.1, 1.8.2, 2.8.1 and 2.8.2. Which ones do you need?",
                "Our landlord says the meter was replaced last week. Do I need to do anything?",
            ],
            follow_ups: &["Here's the photo of the meter, the numbers should be readable.", "The graph is working again, great!", "I entered the readings three days ago but I still don't see them in the app.", "So from now on I don't need to do anything?"],
            agent_replies: &[
                "Dear {name},\n\nYour smart meter is registered with us, but we haven't received data from it for a few weeks. This is usually caused by a fault in the meter's communication module. I've reported it to your grid operator, who will fix it remotely or send an engineer. Until then, please submit your readings manually.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nYou're right, there was a typo when the reading was processed. I've corrected it to 25,210 kWh and you'll receive a corrected invoice within 10 working days.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nGood question! 1.8.1 and 1.8.2 show the electricity you take from the grid (low and normal rate). 2.8.1 and 2.8.2 show what your solar panels send back to the grid. Please submit all four, so we can settle your solar return correctly.\n\nBest regards,\n{agent}",
                "Dear {name},\n\nWhen a meter is replaced, the grid operator sends us the final reading of the old meter and the starting reading of the new one. You don't need to do anything.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nThanks for the photo! I've processed the readings; you'll see them in the app within 24 hours.\n\nCheers,\n{agent}",
            ],
            internal_notes: &["No meter data since the 12th, reported to grid operator.", "Manual correction of typo in reading, re-invoice requested.", "Explained meter registers in English, customer will submit all four."],
        },
    },
    // ------------------------------------------------------------------ contract
    Topic {
        key: "contract",
        tags: &["contract"],
        nl: TopicTexts {
            subjects: &["Mijn contract loopt af", "Overstappen naar vast tarief", "Vraag over nieuwe tarieven", "Verlengingsaanbod", "Dynamisch contract?", "Geen korting voor bestaande klanten?"],
            openings: &[
                "Goedendag, ik kreeg een brief dat mijn vaste contract over zes weken afloopt. Wat zijn mijn opties? Ik wil niet ineens veel meer gaan betalen.",
                "Hallo, ik heb nu een variabel tarief en ik zie dat de prijzen weer stijgen. Kan ik overstappen naar een vast contract voor drie jaar? Contractnummer {ref}.",
                "Ik lees veel over dynamische energiecontracten. Bieden jullie dat ook aan, en is dat slim met een warmtepomp en een thuisbatterij?",
                "Waarom krijgen nieuwe klanten een welkomstkorting van € 200 en krijg ik als klant van zeven jaar helemaal niets? Daar word ik niet vrolijk van.",
                "Beste, wij hebben een kleine bakkerij en ons verbruik is flink gestegen sinds we een nieuwe oven hebben. Is ons huidige zakelijke contract eigenlijk nog wel het gunstigste?",
                "Goedemiddag, ik heb een verlengingsaanbod ontvangen, maar ik snap het verschil niet tussen de tarieven met en zonder btw en energiebelasting. Welk bedrag moet ik vergelijken met andere aanbieders?",
            ],
            follow_ups: &["Dank u wel, ik kies voor het vaste contract van 3 jaar. Hoe regel ik dat?", "Ik heb het aanbod nog steeds niet in mijn mail gekregen, ook niet in de spam.", "Kan ik tussentijds overstappen als de prijzen weer dalen?", "Top, de bevestiging is binnen."],
            agent_replies: &[
                "Beste {name},\n\nAls u niets doet, loopt uw contract na de einddatum automatisch door tegen ons variabele tarief, dat u maandelijks kunt opzeggen. U kunt ook kiezen voor een nieuw vast contract van 1 of 3 jaar; in de bijlage vindt u een persoonlijk aanbod. Wilt u hulp bij het kiezen? Dan bel ik u graag even.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU kunt op elk moment van een variabel naar een vast contract overstappen, zonder opzegvergoeding. Ik heb het aanbod voor een vast contract van 3 jaar naar u gemaild. Na uw akkoord gaat het nieuwe contract in op de 1e van de volgende maand. U heeft 14 dagen bedenktijd.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nJa, wij bieden ook een dynamisch contract aan, waarbij de stroomprijs per uur meebeweegt met de groothandelsmarkt. Met een warmtepomp en een thuisbatterij kan dat voordelig zijn, omdat u verbruik kunt verschuiven naar goedkope uren. Let wel: de prijs kan op sommige momenten ook flink hoger zijn. In de app ziet u steeds de prijzen voor de komende 24 uur.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nIk begrijp uw frustratie heel goed, en dank voor uw jarenlange trouw. De welkomstkorting is alleen voor nieuwe klanten, maar ik kan u wel een verlengingsaanbod doen met een loyaliteitskorting van € 100, verdeeld over het eerste contractjaar. Zal ik dat aanbod naar u mailen?\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nDank voor uw vraag. Ik heb uw verbruik van de afgelopen twaalf maanden bekeken: dat is met bijna 40% gestegen. Op basis daarvan komt u mogelijk in aanmerking voor een ander tarief. Mijn collega van ons team Zakelijk neemt deze week contact met u op voor een voorstel op maat.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom Zakelijk",
                "Beste {name},\n\nVoor een eerlijke vergelijking kunt u het beste naar de verwachte jaarkosten kijken. Dat is het totaalbedrag inclusief vaste leveringskosten, netbeheerkosten, energiebelasting en btw, na aftrek van de vermindering energiebelasting. Dat bedrag staat bij ons aanbod onderaan de eerste pagina, en andere leveranciers moeten het ook vermelden.\n\nMet vriendelijke groet,\n{agent}",
            ],
            internal_notes: &["Retentierisico: klant vergelijkt actief met andere leveranciers. Loyaliteitsaanbod € 100 toegestaan.", "Aanbod opnieuw verstuurd naar gecorrigeerd e-mailadres (typfout in domein).", "Zakelijk verbruik flink gestegen, doorgezet naar accountmanager Zakelijk voor maatwerkvoorstel."],
        },
        en: TopicTexts {
            subjects: &["My contract is ending", "Switch to a fixed rate", "Question about new rates", "Dynamic energy contract?", "Renewal offer"],
            openings: &[
                "Hi, I got a letter saying my fixed contract ends in six weeks. What are my options? I don't want my bill to suddenly go up a lot.",
                "Hello, I'm on a variable rate and prices seem to be going up again. Can I switch to a three-year fixed contract? Contract number {ref}.",
                "Do you offer dynamic energy contracts? We just got a heat pump and I'm wondering if it would be worth it.",
                "Why do new customers get a €200 welcome bonus while existing customers like me get nothing?",
                "I received a renewal offer but I don't understand which price I should compare with other suppliers. Some include VAT and energy tax, some don't.",
            ],
            follow_ups: &["Thanks, I'll go for the 3-year fixed contract. How do I sign up?", "I still haven't received the offer by email, not even in spam.", "Can I switch again if prices drop?", "Great, got the confirmation."],
            agent_replies: &[
                "Dear {name},\n\nIf you don't do anything, your contract will continue on our variable rate after the end date, which you can cancel monthly. You can also choose a new fixed contract for 1 or 3 years; I've attached a personal offer. Happy to call you if you'd like help choosing.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nYou can switch from variable to fixed at any time, without a termination fee. I've emailed you the offer for a 3-year fixed contract. Once you accept, it starts on the 1st of next month, and you have a 14-day cooling-off period.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nYes, we offer a dynamic contract where the electricity price changes every hour in line with the wholesale market. With a heat pump it can pay off if you can shift usage to cheaper hours, but prices can also spike at times. The app always shows the prices for the next 24 hours.\n\nBest regards,\n{agent}",
                "Dear {name},\n\nTo compare fairly, look at the estimated annual cost: that's the total including fixed supply costs, grid costs, energy tax and VAT, after deducting the tax reduction. You'll find it at the bottom of the first page of our offer, and other suppliers are required to show it too.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI understand your frustration, and thank you for being with us for so long. The welcome bonus is only for new customers, but I can offer you a renewal with a loyalty discount of €100 spread over the first year. Shall I send it to you?\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Retention risk, customer comparing suppliers. Loyalty offer €100 approved.", "Offer resent, original email bounced.", "Customer interested in dynamic contract, sent info sheet in English."],
        },
    },
    // ------------------------------------------------------------------ payment
    Topic {
        key: "payment",
        tags: &["betaling", "incasso"],
        nl: TopicTexts {
            subjects: &["Incasso mislukt", "Betalingsherinnering ontvangen", "Betalingsregeling aanvragen", "Rekeningnummer wijzigen", "Onverwachte afschrijving", "Aanmaning terwijl ik al betaald heb"],
            openings: &[
                "Goedemiddag, ik heb een aanmaning ontvangen met € 15 administratiekosten, terwijl het bedrag gewoon via automatische incasso had moeten worden afgeschreven. Hoe kan dat?",
                "Hallo, door omstandigheden (ik ben mijn baan kwijtgeraakt) lukt het me deze maand niet om het hele termijnbedrag te betalen. Is een betalingsregeling mogelijk?",
                "Ik heb een nieuwe bankrekening en wil de automatische incasso graag laten overzetten. Het nieuwe IBAN stuur ik liever niet per mail, hoe kan ik dat veilig doorgeven?",
                "Wat is dit voor afschrijving van € 389?? Ik had geen idee dat dit eraan kwam en nu sta ik rood. Ik heb hem laten terugboeken.",
                "Beste, ik heb factuur {ref} op 3 maart zelf overgemaakt, maar ik krijg nu toch een herinnering. Bijgaand het betaalbewijs.",
                "Kunnen jullie de incasso voortaan rond de 25e doen in plaats van op de 1e? Mijn salaris komt pas aan het eind van de maand binnen.",
            ],
            follow_ups: &["Dank u, ik ga akkoord met de regeling in drie termijnen.", "Ik heb het rekeningnummer in de app aangepast. Wordt de volgende incasso dan al van de nieuwe rekening afgeschreven?", "Betekent dit dat de extra kosten vervallen?", "Ik heb nog steeds geen reactie op mijn verzoek om een betalingsregeling en nu krijg ik wéér een brief."],
            agent_replies: &[
                "Beste {name},\n\nExcuses voor de verwarring. De incasso is mislukt omdat de machtiging na uw verhuizing niet opnieuw aan uw contract was gekoppeld. Dat had niet mogen gebeuren. Ik heb de machtiging hersteld en de administratiekosten van € 15 geschrapt. Het openstaande bedrag schrijven we over vijf werkdagen af.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nVervelend om te horen dat u in een lastige situatie zit. Ik heb een betalingsregeling voor u klaargezet: het openstaande bedrag van € 312 betaalt u in drie maandelijkse termijnen van € 104, naast uw gewone termijnbedrag. Heeft u daarnaast behoefte aan hulp met uw geldzaken? Dan kunt u ook kosteloos terecht bij de schuldhulpverlening van uw gemeente.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nGoed dat u daar voorzichtig mee bent! U kunt uw rekeningnummer veilig wijzigen in de app of in Mijn Polderstroom onder 'Betaalgegevens'. Wij vragen nooit om uw bankgegevens via e-mail, sms of WhatsApp.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nDe afschrijving van € 389 is het bij te betalen bedrag van uw jaarafrekening van 12 februari. Omdat u de incasso heeft laten terugboeken, staat het bedrag nog open. U kunt het binnen 14 dagen overmaken of een betalingsregeling aanvragen; er worden geen extra kosten in rekening gebracht.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nDank voor het betaalbewijs. Ik heb uw betaling van 3 maart gevonden; die was op een verkeerd factuurnummer geboekt. Ik heb dit rechtgezet, dus u kunt de herinnering als niet verzonden beschouwen.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nDat kan! Ik heb je incassodatum aangepast naar de 25e van de maand. Deze maand schrijven we nog op de oude datum af, vanaf volgende maand geldt de nieuwe.\n\nGroet,\n{agent}",
            ],
            internal_notes: &["Klant geeft aan financieel krap te zitten. Regeling 3 termijnen ingesteld, incassotraject on hold. Geen melding vroegsignalering zolang regeling loopt.", "Betaling gevonden op tussenrekening, handmatig afgeletterd op de juiste factuur.", "Storno door klant, eerste keer. Geen kosten rekenen."],
        },
        en: TopicTexts {
            subjects: &["Direct debit failed", "Payment reminder received", "Request payment plan", "Change bank account", "Reminder but I already paid"],
            openings: &[
                "Hi, I got a payment reminder with a €15 fee, but I thought everything was paid by direct debit. What happened?",
                "Hello, I recently lost my job and can't pay the full amount this month. Is a payment plan possible?",
                "I have a new Dutch bank account. How do I update my IBAN for the direct debit? I'd rather not send it by email.",
                "I paid invoice {ref} by bank transfer on 3 March, but I still received a reminder. Proof of payment attached.",
                "Can you move my direct debit date to the 25th? My salary comes in at the end of the month.",
            ],
            follow_ups: &["Thanks, the three-instalment plan works for me.", "I've updated my IBAN in the app. Will the next payment come from the new account?", "Does that mean the extra fee is cancelled?", "Still no answer about my payment plan and now I got another letter."],
            agent_replies: &[
                "Dear {name},\n\nSorry for the confusion. The direct debit failed because your mandate wasn't linked to your contract after your move. I've fixed the mandate and cancelled the €15 fee. We'll collect the outstanding amount in five working days.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI'm sorry to hear about your situation. I've set up a payment plan: the outstanding €312 will be split into three monthly instalments of €104, on top of your regular monthly payment. Your municipality also offers free debt advice (schuldhulpverlening) if you need it.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nGood thinking! You can change your IBAN safely in the app or in My Polderstroom under 'Payment details'. We'll never ask for your bank details by email, text or WhatsApp.\n\nBest,\n{agent}",
                "Dear {name},\n\nThanks for the proof of payment. Your transfer was booked against the wrong invoice number. I've corrected it, so please ignore the reminder.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nDone! Your direct debit date is now the 25th of each month, starting next month.\n\nCheers,\n{agent}",
            ],
            internal_notes: &["Payment plan 3 instalments set up, collection on hold.", "Transfer found on suspense account, matched manually to the correct invoice.", "Mandate missing after move, restored. Reminder fee waived."],
        },
    },
    // ------------------------------------------------------------------ fibre_install
    Topic {
        key: "fibre_install",
        tags: &["glasvezel", "installatie"],
        nl: TopicTexts {
            subjects: &["Glasvezelaansluiting aanvragen", "Wanneer komt de monteur?", "Glasvezelkastje op verkeerde plek", "Modem nog niet ontvangen", "Installatieafspraak verzetten", "Stoep niet netjes hersteld"],
            openings: &[
                "Hallo, ik heb drie weken geleden glasvezel besteld (ordernummer {ref}), maar ik heb nog steeds geen afspraak voor de installatie. Wanneer kan ik iets verwachten?",
                "De monteur is vandaag geweest voor de glasvezelaansluiting, maar het kastje hangt nu in de gang in plaats van in de meterkast, zoals we hadden afgesproken. Kan dit nog verplaatst worden?",
                "Goedemorgen, ik kan donderdag toch niet thuis zijn voor de installatie. Kan de afspraak verzet worden naar volgende week? Liefst in de ochtend.",
                "Bij de aanleg van de glasvezel in onze straat is onze oprit opengebroken en niet netjes teruggelegd. De tegels liggen scheef en er staat water bij de voordeur. Wie gaat dit herstellen?",
                "Het pakket met het modem en de tv-ontvanger is volgens de track-and-trace bezorgd, maar ik heb niets ontvangen. Ook niet bij de buren.",
                "Goedendag, wij hebben een kapsalon en willen graag overstappen naar jullie zakelijke glasvezel. Ons pinapparaat moet wel altijd werken. Hoe lang zitten we zonder internet tijdens de overstap?",
            ],
            follow_ups: &["De monteur is geweest en alles werkt. De snelheid is geweldig, dank jullie wel!", "Ik heb nog steeds geen afspraak ontvangen. Moet ik zelf iets doen?", "Kan de monteur ook een kabel naar zolder trekken? Daar staat mijn computer.", "Het pakket was toch bij de buren op nummer 14 afgegeven. Excuses voor de moeite!", "Hoe stel ik de wifinaam en het wachtwoord van het nieuwe modem in?"],
            agent_replies: &[
                "Beste {name},\n\nDank voor uw geduld. De glasvezel in uw wijk wordt aangelegd door onze netwerkpartner. Uw adres staat gepland voor de huisaansluiting in week 23. Uiterlijk een week van tevoren ontvangt u een sms met het precieze tijdvak.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nExcuses dat het kastje niet op de afgesproken plek is gemonteerd. Omdat dit afwijkt van wat bij de schouw is afgesproken, verplaatsen wij het kosteloos naar de meterkast. Een monteur neemt binnen drie werkdagen contact met u op voor een afspraak.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nGeen probleem. Ik heb uw afspraak verzet naar dinsdag tussen 8:00 en 12:00. U ontvangt hiervan nog een bevestiging per sms.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nWat vervelend dat uw oprit zo is achtergelaten. Ik heb dit met foto's gemeld bij de aannemer die in uw straat werkt. Zij herstellen het straatwerk binnen 10 werkdagen. Mocht u daarna nog schade zien, laat het ons dan weten.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nWe plannen de overstap zo dat uw huidige verbinding blijft werken tot de glasvezel actief is. In de praktijk zit u hooguit een half uur zonder internet, en we kunnen de overstap buiten uw openingstijden plannen, bijvoorbeeld op maandagochtend vroeg. Zal ik dat voor u inplannen?\n\nMet vriendelijke groet,\n{agent}\nPolderstroom Zakelijk",
                "Hoi {name},\n\nDe standaard wifinaam en het wachtwoord staan op de sticker aan de onderkant van het modem. Wil je ze aanpassen? Dat kan in de Polderstroom-app onder 'Thuisnetwerk'. Veel surfplezier!\n\nGroetjes,\n{agent}",
            ],
            internal_notes: &["Schouw gedaan op 02-04, FTU-plek meterkast afgesproken. Monteur is afgeweken, kosteloos verplaatsen.", "Pakket volgens vervoerder bezorgd op nr. 14. Klant gevraagd eerst bij de buren te checken voordat we een nieuw pakket sturen.", "Zakelijke klant met pinapparaat: overstap buiten openingstijden plannen, maandag 7:00."],
        },
        en: TopicTexts {
            subjects: &["Fibre installation date?", "When is the engineer coming?", "Modem not delivered", "Reschedule installation", "Fibre box installed in wrong place"],
            openings: &[
                "Hi, I ordered fibre three weeks ago (order {ref}) but I still don't have an installation date. When can I expect something?",
                "The engineer installed the fibre box in the hallway instead of the meter cupboard as agreed. Can it still be moved?",
                "I can't be home on Thursday for the installation after all. Could we move it to next week, ideally in the morning?",
                "Track and trace says the modem was delivered but I never got it. Not at the neighbours either.",
                "The sidewalk in front of our house was dug up for the fibre and it hasn't been fixed properly. Who is responsible?",
            ],
            follow_ups: &["The engineer came and everything works. The speed is amazing, thanks!", "Still no appointment. Do I need to do anything?", "Found the package, it was with the neighbours at number 14. Sorry for the trouble!", "How do I change the wifi name and password?"],
            agent_replies: &[
                "Dear {name},\n\nThanks for your patience. Fibre in your area is being rolled out by our network partner, and your address is scheduled for the home connection in week 23. You'll get a text with the exact time slot at least a week in advance.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nApologies that the box wasn't installed where agreed. We'll move it to the meter cupboard free of charge. An engineer will contact you within three working days to schedule this.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nNo problem, I've moved your appointment to Tuesday between 8am and 12pm. You'll get a text confirmation.\n\nBest,\n{agent}",
                "Dear {name},\n\nI'm sorry about the state of the sidewalk. I've reported it with your photos to the contractor working in your street; they'll repair it within 10 working days.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nThe default wifi name and password are on the sticker on the bottom of the modem. You can change them in the Polderstroom app under 'Home network'. Enjoy!\n\n{agent}",
            ],
            internal_notes: &["Address in rollout wave week 23, informed customer.", "FTU placed in hallway, survey said meter cupboard. Relocation free of charge.", "Carrier says delivered at no. 14, asked customer to check with neighbours first."],
        },
    },
    // ------------------------------------------------------------------ complaint
    Topic {
        key: "complaint",
        tags: &["klacht"],
        nl: TopicTexts {
            subjects: &["Klacht over klantenservice", "Formele klacht", "Nooit teruggebeld", "Ontevreden over afhandeling", "Verkeerd geïnformeerd", "Schade na bezoek monteur"],
            openings: &[
                "Ik wil hierbij een formele klacht indienen. Er is mij inmiddels vier keer beloofd dat ik teruggebeld zou worden en dat is geen enkele keer gebeurd. Vandaag heb ik weer 40 minuten in de wacht gestaan.",
                "Bij het afsluiten van mijn contract is mij telefonisch verteld dat ik € 150 cashback zou krijgen. Nu blijkt daar niets van te kloppen. Ik voel me gewoon misleid. Ordernummer {ref}.",
                "Beste mensen, ik ben al 11 jaar klant en heb nooit geklaagd, maar de afgelopen maanden gaat alles mis: verkeerde facturen, storingen en onvriendelijke medewerkers aan de telefoon. Ik overweeg serieus om over te stappen.",
                "Uw monteur heeft bij de installatie met modderschoenen door ons hele huis gelopen en een plint beschadigd. Ik wil graag dat dit wordt vergoed.",
                "Ik kreeg vandaag een medewerker aan de lijn die me steeds onderbrak en daarna gewoon ophing. Zo ga je toch niet met klanten om?",
                "Als dit niet binnen een week is opgelost, stap ik naar de Geschillencommissie. Ik ben het echt zat.",
            ],
            follow_ups: &["Dank voor uw excuses en de compensatie. Wat mij betreft is de zaak hiermee afgedaan.", "Ik heb uw reactie gelezen, maar ik ben het er niet mee eens. Ik wil dat iemand met meer bevoegdheid hiernaar kijkt.", "Hierbij de foto's van de schade aan de plint en de offerte van de timmerman.", "Het is nu tien dagen later en ik heb nog steeds niets gehoord."],
            agent_replies: &[
                "Beste {name},\n\nHartelijk dank dat u de moeite heeft genomen om uw klacht te melden, en mijn oprechte excuses dat u zo vaak tevergeefs heeft gewacht op een terugbelafspraak. Dat had niet mogen gebeuren.\n\nIk ben vanaf nu uw vaste contactpersoon voor deze zaak. Ik bel u morgen tussen 10:00 en 11:00 op het nummer dat bij ons bekend is. Komt dat niet uit, laat het me dan weten.\n\nMet vriendelijke groet,\n{agent}\nKlachtenafhandeling Polderstroom",
                "Beste {name},\n\nIk heb het verkoopgesprek teruggeluisterd en u heeft gelijk: de cashback van € 150 is u toegezegd. Wij komen die afspraak uiteraard na. Het bedrag wordt binnen 10 werkdagen op uw rekening gestort. Excuses dat u hier zelf achteraan moest.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nDank voor uw eerlijke terugkoppeling. Het spijt me dat wij u na zoveel jaar zo hebben teleurgesteld. Ik heb uw dossier doorgenomen en alle openstaande punten op een rij gezet; de verkeerde factuur is inmiddels gecorrigeerd. Graag bespreek ik de rest telefonisch met u. Als gebaar van goede wil heb ik € 50 op uw account gezet.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nWat vervelend dat uw woning zo is achtergelaten. Wij vergoeden de schade aan de plint. Wilt u ons foto's en een offerte of bon van het herstel sturen? Dan zorg ik dat het bedrag snel wordt uitbetaald. Ik heb uw klacht ook besproken met de leidinggevende van de monteur.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nMijn excuses voor dit gesprek; zo willen wij niet met onze klanten omgaan. Ik heb uw melding doorgegeven aan de teamleider van de betreffende medewerker. Uw oorspronkelijke vraag heb ik inmiddels zelf opgepakt, zie hieronder.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU heeft uiteraard het recht om uw klacht voor te leggen aan de Geschillencommissie. Ik wil er echter alles aan doen om het voor die tijd samen met u op te lossen. Ik heb uw zaak met voorrang opgepakt en bel u vandaag nog.\n\nMet vriendelijke groet,\n{agent}",
            ],
            internal_notes: &["Gesprek teruggeluisterd: cashback is inderdaad toegezegd door het verkoopkanaal. Uitkeren en feedback naar sales.", "Klacht over medewerker doorgezet naar teamleider. Klant niet informeren over eventuele maatregelen (privacy).", "Klant dreigt met Geschillencommissie. Binnen 48 uur persoonlijk contact, goodwill tot € 100 toegestaan."],
        },
        en: TopicTexts {
            subjects: &["Complaint about customer service", "Formal complaint", "Never called back", "Misinformed by your sales team", "Damage after engineer visit"],
            openings: &[
                "I'd like to file a formal complaint. I've been promised a callback four times and it has never happened. Today I was on hold for 40 minutes again.",
                "When I signed up I was told on the phone I'd get €150 cashback. Now nobody knows anything about it. I feel misled. Order number {ref}.",
                "Your engineer walked through our house with muddy boots and damaged a skirting board. I expect this to be compensated.",
                "Honestly, the service has been terrible. Wrong bills, outages, and nobody who speaks English properly on the phone. I'm thinking about leaving.",
                "The person I spoke to today kept interrupting me and then hung up. That's not how you treat customers.",
            ],
            follow_ups: &["Thank you for the apology and the compensation. As far as I'm concerned, this is resolved.", "I read your reply but I don't agree. I'd like someone more senior to look at this.", "Attached are the photos of the damage and a quote from the carpenter.", "It's been ten days and I still haven't heard anything."],
            agent_replies: &[
                "Dear {name},\n\nThank you for taking the time to tell us, and my sincere apologies for the missed callbacks. That should not have happened.\n\nI'll be your personal contact for this case from now on. I'll call you tomorrow between 10 and 11am; if that doesn't suit you, just let me know.\n\nKind regards,\n{agent}\nPolderstroom Complaints Team",
                "Dear {name},\n\nI listened back to the sales call and you're right: you were promised €150 cashback. We will of course honour that; the amount will be in your account within 10 working days. Sorry you had to chase this yourself.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI'm sorry about the state your home was left in. We'll cover the repair. Please send us photos and a quote or receipt, and I'll make sure the payment is processed quickly.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI'm sorry to hear about your experience. I've gone through your file and corrected the wrong invoice. You can always ask for an English-speaking colleague, and I've added your language preference to your account so you'll be routed to one automatically. As a gesture of goodwill, I've credited €50.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nI apologise for that call; that is not how we want to treat our customers. I've passed your feedback on to the team lead of the colleague involved, and I've picked up your original question myself.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nI understand you'd like this looked at by someone more senior. I've discussed your case with my team lead, who agrees with the correction we made and has approved an extra €25 credit. If you're still not satisfied, you can take your complaint to the Geschillencommissie (the independent disputes committee).\n\nBest regards,\n{agent}",
            ],
            internal_notes: &["Sales call reviewed: cashback was promised. Pay out and feed back to sales.", "Customer requests English-speaking agent, preference set in CRM.", "Escalation requested by customer. Handing over to team lead."],
        },
    },
    // ------------------------------------------------------------------ cancel
    Topic {
        key: "cancel",
        tags: &["opzegging"],
        nl: TopicTexts {
            subjects: &["Contract opzeggen", "Opzegging internet", "Opzegvergoeding klopt niet", "Bevestiging opzegging", "Opzeggen i.v.m. overlijden", "Beëindigen zakelijk contract"],
            openings: &[
                "Hierbij zeg ik mijn internetabonnement op per 1 augustus. Graag ontvang ik een schriftelijke bevestiging. Klantnummer {ref}.",
                "Ik ben via de overstapservice naar een andere energieleverancier gegaan, maar nu staat er op mijn eindafrekening € 125 opzegvergoeding. Mijn contract liep toch al af?",
                "Goedemiddag, mijn moeder is vorige maand overleden. Zij had energie en internet bij u. Wat moet ik doen om dit te beëindigen?",
                "Ik wil opzeggen. Jullie service is een drama en ik ben er klaar mee. Hoe snel kan het?",
                "Hoi, hoe lang is de opzegtermijn voor glasvezel? Ik heb het contract twee jaar geleden afgesloten en ik wil naar een andere provider.",
                "Beste, wij stoppen per 1 oktober met onze bloemenwinkel. Hoe kunnen we het zakelijke contract beëindigen?",
            ],
            follow_ups: &["Bedankt voor de bevestiging. Moet ik het modem terugsturen?", "De opzegvergoeding staat nog steeds op mijn eindafrekening.", "Dank u voor uw medeleven en de vlotte afhandeling.", "Nee, ik wil echt opzeggen, ook niet met die korting."],
            agent_replies: &[
                "Beste {name},\n\nHierbij bevestig ik de opzegging van uw internetabonnement per 1 augustus. U ontvangt per mail een retourlabel voor het modem en de tv-ontvanger. Wilt u deze binnen 30 dagen na de einddatum terugsturen? Anders zijn wij genoodzaakt € 75 in rekening te brengen.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nU heeft gelijk: uw vaste contract liep op 1 maart af, dus de opzegvergoeding is ten onrechte in rekening gebracht. Ik heb € 125 gecrediteerd; u ontvangt binnen vijf werkdagen een gecorrigeerde eindafrekening.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nGecondoleerd met het verlies van uw moeder. Wij beëindigen haar contracten kosteloos. Wij hebben van u nodig: een kopie van de overlijdensakte, de meterstanden op de gewenste einddatum en het adres waar wij de eindafrekening naartoe mogen sturen. U kiest zelf de einddatum, bijvoorbeeld wanneer de woning is leeggeruimd. Neemt u gerust de tijd.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nJammer dat u wilt vertrekken. Gaat u over naar een andere leverancier, dan regelt die de opzegging via de overstapservice en hoeft u zelf niets te doen. Wilt u zonder nieuwe leverancier opzeggen, dan geldt een opzegtermijn van 30 dagen. Mag ik vragen wat voor u de belangrijkste reden is? Dan kijk ik of ik daar nog iets aan kan doen.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nJe contract had een minimale looptijd van 1 jaar. Die is inmiddels voorbij, dus je kunt maandelijks opzeggen met een opzegtermijn van één maand. Vaak regelt je nieuwe provider de opzegging voor je; check dat even bij hen, dan voorkom je dat je een tijdje dubbel betaalt.\n\nGroet,\n{agent}",
                "Beste {name},\n\nDank voor uw bericht en jammer om te horen dat u stopt. Wij beëindigen het zakelijke contract per 1 oktober. Wilt u op die dag de meterstanden doorgeven en ons laten weten naar welk adres de eindafrekening moet? Als het pand wordt overgenomen, kan de nieuwe gebruiker ook direct bij ons een contract afsluiten.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom Zakelijk",
            ],
            internal_notes: &["Retentie geprobeerd (3 maanden 50% korting), klant wil niet. Opzegging verwerkt.", "Overlijden: akte ontvangen, opzegvergoeding vervalt. Eindafrekening naar adres van zoon.", "Opzegvergoeding onterecht, contract was al verlopen. Gecrediteerd. Checken of dit vaker voorkomt bij overstappers in maart."],
        },
        en: TopicTexts {
            subjects: &["Cancel my contract", "Cancel internet subscription", "Termination fee incorrect", "Confirmation of cancellation", "Leaving the Netherlands"],
            openings: &[
                "I'd like to cancel my internet subscription as of 1 August. Please confirm in writing. Customer number {ref}.",
                "I switched to another energy supplier but my final bill includes a €125 termination fee. My contract had already ended, hadn't it?",
                "We're leaving the Netherlands at the end of next month. How do we cancel energy and internet?",
                "I want to cancel. I've had enough of the constant problems. How fast can this be done?",
                "What's the notice period for the fibre contract? I signed up about two years ago.",
            ],
            follow_ups: &["Thanks for confirming. Do I need to send the modem back?", "The termination fee is still on my final bill.", "No, I really want to cancel, the discount doesn't change that.", "Thanks for the quick help."],
            agent_replies: &[
                "Dear {name},\n\nI hereby confirm the cancellation of your internet subscription as of 1 August. You'll receive a return label by email for the modem and TV box. Please send them back within 30 days of the end date, otherwise we'll have to charge €75.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nYou're right: your fixed contract ended on 1 March, so the termination fee was charged by mistake. I've credited €125 and you'll receive a corrected final bill within five working days.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nSorry to see you go! If you switch to another supplier, they'll arrange the cancellation for you via the switching service. If you cancel without a new supplier, the notice period is 30 days. May I ask what the main reason is? I'd like to see if there's anything we can still do.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nYour contract had a minimum term of one year, which has passed, so you can cancel with one month's notice. Often your new provider will handle the cancellation for you, so check with them first to avoid paying double.\n\nBest,\n{agent}",
                "Dear {name},\n\nSince you're moving abroad, you can end both contracts without a termination fee. Please send us your meter readings on your last day, an email address for the final bill, and the IBAN for any refund. Don't forget to return the modem with the label we'll email you.\n\nWe wish you all the best!\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Retention attempted (3 months 50% off), declined. Cancellation processed.", "Emigration: no termination fee, final bill by email.", "Termination fee charged incorrectly after contract end, credited."],
        },
    },
    // ------------------------------------------------------------------ app_login
    Topic {
        key: "app_login",
        tags: &["app", "inloggen"],
        nl: TopicTexts {
            subjects: &["Kan niet inloggen in de app", "Wachtwoord vergeten", "Verificatiecode komt niet aan", "App crasht bij openen", "Account geblokkeerd", "E-mailadres van account wijzigen"],
            openings: &[
                "Ik kan niet meer inloggen in de Polderstroom-app. Ik krijg steeds de melding 'Er is iets misgegaan, probeer het later opnieuw'. Ik heb de app al verwijderd en opnieuw geïnstalleerd.",
                "Hallo, ik heb mijn wachtwoord gereset, maar ik ontvang de mail niet. Ook niet in de spamfolder.",
                "Sinds de laatste update crasht de app meteen als ik hem open. Ik heb een Android-telefoon van een paar jaar oud.",
                "Mijn account is geblokkeerd nadat ik drie keer een verkeerd wachtwoord had ingevuld. Hoe krijg ik het weer open?",
                "De sms-code voor de tweestapsverificatie komt niet aan. Ik heb inmiddels een ander telefoonnummer, misschien staat het oude nog bij jullie?",
                "Mijn ex-partner heeft het account destijds aangemaakt met haar e-mailadres, maar het contract staat nu op mijn naam. Hoe kan ik het e-mailadres wijzigen? Klantnummer {ref}.",
            ],
            follow_ups: &["Het werkt weer, dank je wel!", "Ik heb de nieuwe link gebruikt, maar ik krijg de melding dat hij verlopen is.", "Ik heb nu de nieuwste versie, maar het probleem blijft hetzelfde.", "Welke gegevens hebben jullie nodig om te controleren dat ik het echt ben?"],
            agent_replies: &[
                "Beste {name},\n\nDank voor uw melding. Na de update van afgelopen dinsdag konden sommige klanten niet inloggen. Inmiddels staat er een nieuwe versie van de app klaar in de app store die dit oplost. Wilt u de app bijwerken en het opnieuw proberen?\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nIk zie dat uw account gekoppeld was aan een e-mailadres met een typfout erin. Dat heb ik gecorrigeerd en ik heb u een nieuwe resetlink gestuurd. De link is 24 uur geldig.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nNa drie mislukte pogingen wordt uw account voor uw veiligheid 30 minuten geblokkeerd. Ik heb de blokkade nu opgeheven. Lukt het daarna nog niet? Gebruik dan de optie 'Wachtwoord vergeten' op het inlogscherm.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nOm veiligheidsredenen kunnen wij het telefoonnummer voor de tweestapsverificatie niet via e-mail wijzigen. Ik stuur u een brief met een activatiecode naar uw woonadres. Met die code kunt u in de app een nieuw telefoonnummer instellen. U ontvangt de brief binnen drie werkdagen.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nOmdat het contract op uw naam staat, kunnen wij het e-mailadres wijzigen nadat we uw identiteit hebben gecontroleerd. Ik bel u hiervoor terug op het telefoonnummer dat bij het contract hoort en stel dan een paar controlevragen. Stuurt u ons alstublieft géén kopie van uw paspoort per mail.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nDat zijn we aan het uitzoeken! Het lijkt om een bug te gaan bij oudere Android-versies. Tot die tijd kun je gewoon inloggen via Mijn Polderstroom in je browser; daar kun je alles regelen wat ook in de app kan.\n\nGroet,\n{agent}",
            ],
            internal_notes: &["App-crash na release van dinsdag, bekend bij het dev-team. Klanten verwijzen naar de nieuwe versie.", "E-mailadres had typfout in het domein. Aangepast na verificatie via geboortedatum en laatste 4 cijfers IBAN.", "Let op: mogelijke poging tot accountovername, 14 mislukte inlogs vanaf buitenlands IP-adres. Account geblokkeerd, klant gebeld ter verificatie."],
        },
        en: TopicTexts {
            subjects: &["Can't log in to the app", "Forgot password", "Verification code not arriving", "App crashes on startup", "Account locked"],
            openings: &[
                "I can't log in to the Polderstroom app anymore. It keeps saying 'Er is iets misgegaan'. I already reinstalled it.",
                "Hi, I requested a password reset but the email never arrives. Not in spam either.",
                "Since the last update the app crashes immediately when I open it.",
                "My account is locked after too many login attempts. How do I unlock it?",
                "The SMS code for two-step verification doesn't arrive. I have a Dutch number now instead of my old UK one. Customer number {ref}.",
                "Is there a way to switch the app to English? I can find my way around, but the invoices and notifications are a bit hard to follow.",
            ],
            follow_ups: &["It works again, thanks!", "The new link says it has expired.", "I'm on the latest version and it still crashes.", "What information do you need to verify it's me?"],
            agent_replies: &[
                "Dear {name},\n\nAfter last Tuesday's update, some customers were unable to log in. A fixed version of the app is now available in the app store. Could you update and try again?\n\nKind regards,\n{agent}",
                "Hi {name},\n\nYour account was linked to an email address with a typo. I've corrected it and sent you a new reset link, which is valid for 24 hours.\n\nBest,\n{agent}",
                "Dear {name},\n\nFor security reasons we can't change the verification phone number by email. I'm sending a letter with an activation code to your home address; with that code you can set a new number in the app. It should arrive within three working days.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nGood news: you can switch the app to English under 'Settings' > 'Taal / Language'. I've also set your account language to English, so future emails and invoices will be in English too.\n\nCheers,\n{agent}",
                "Dear {name},\n\nAfter several failed attempts your account is locked for 30 minutes for your security. I've lifted the lock. If it still doesn't work, please use 'Forgot password' on the login screen.\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Known app crash after Tuesday's release, referred to new version.", "Customer language set to English, app setting explained.", "2FA number change: activation letter sent to registered address."],
        },
    },
    // ------------------------------------------------------------------ solar
    Topic {
        key: "solar",
        tags: &["zonnepanelen", "teruglevering"],
        nl: TopicTexts {
            subjects: &["Zonnepanelen aanmelden", "Terugleverkosten?", "Terugleververgoeding", "Omvormer en teruglevering", "Termijnbedrag met zonnepanelen"],
            openings: &[
                "Goedemiddag, wij hebben vorige week 12 zonnepanelen laten installeren. Moeten we dat bij jullie melden, of gaat dat automatisch via de netbeheerder? Klantnummer {ref}.",
                "Ik lees op internet over terugleverkosten. Rekenen jullie die ook, en hoeveel is dat dan ongeveer bij 4.000 kWh teruglevering per jaar?",
                "Hoi, ik kreeg een mail dat mijn termijnbedrag omhoog gaat, maar ik heb juist zonnepanelen. Dan zou het toch omlaag moeten?",
                "In de app zie ik sinds een week geen teruglevering meer, terwijl het gewoon zonnig is geweest. Ligt dat aan mijn omvormer of aan jullie?",
                "Wat krijg ik eigenlijk per kWh voor de stroom die ik teruglever? Dat staat nergens duidelijk.",
            ],
            follow_ups: &["Duidelijk, dank u. Dan wacht ik de jaarafrekening af.", "De omvormer stond inderdaad uit na een stroomstoring. Nu werkt het weer.", "Kan ik het termijnbedrag dan zelf verlagen?", "Wordt dit met terugwerkende kracht verrekend?"],
            agent_replies: &[
                "Beste {name},\n\nGefeliciteerd met uw zonnepanelen! U meldt ze aan bij de netbeheerder via het landelijke registratieportaal; zij geven dit vervolgens aan ons door. Geeft u daarnaast in de app aan hoeveel kWh u verwacht op te wekken? Dan passen wij uw termijnbedrag daarop aan.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nJa, wij rekenen terugleverkosten per teruggeleverde kWh die niet wordt verrekend met uw eigen verbruik. Hoeveel dat is, hangt dus af van hoeveel u zelf direct verbruikt. In de tarievenbijlage van uw contract vindt u het actuele tarief. Ik stuur u die bijlage nog een keer mee.\n\nMet vriendelijke groet,\n{agent}",
                "Hoi {name},\n\nAls er in de app geen teruglevering meer binnenkomt, zit het meestal in de omvormer. Die valt na een stroomstoring of een harde klap weleens uit. Kijk even of er een lampje brandt en herstart hem anders via de schakelaar. Zie je daarna nog niets, laat het dan weten.\n\nGroet,\n{agent}",
                "Beste {name},\n\nDe teruggeleverde stroom wordt eerst verrekend met de stroom die u van het net afneemt. Levert u over het hele jaar meer terug dan u verbruikt, dan ontvangt u voor dat overschot een terugleververgoeding per kWh. Het actuele bedrag staat in Mijn Polderstroom onder 'Mijn tarieven'.\n\nMet vriendelijke groet,\n{agent}",
                "Beste {name},\n\nIn de zomer levert u veel terug, maar in de winter neemt u juist meer af. Het termijnbedrag is een gemiddelde over het hele jaar. Uw termijnbedrag is verhoogd omdat de netbeheerkosten en de terugleverkosten dit jaar zijn gestegen. U kunt het bedrag zelf iets aanpassen in de app.\n\nMet vriendelijke groet,\n{agent}",
            ],
            internal_notes: &["Panelen nog niet geregistreerd bij netbeheerder, klant gewezen op het registratieportaal.", "Geen terugleverdata: omvormer stond uit, klant heeft herstart. Kan dicht na bevestiging.", "Klant vindt terugleverkosten onredelijk, tarievenbijlage gestuurd. Mogelijk retentierisico."],
        },
        en: TopicTexts {
            subjects: &["Registering solar panels", "Feed-in costs?", "How much do I get for solar?", "No solar data in app"],
            openings: &[
                "Hi, we just had solar panels installed on our roof. Do we need to tell you, or does the grid operator do that? Customer number {ref}.",
                "I keep reading about 'terugleverkosten'. Do you charge those, and how much would it be for roughly 3,000 kWh per year?",
                "The app hasn't shown any solar production for a week, even though it's been sunny. Is that my inverter or your side?",
                "How much do I actually get per kWh for the electricity I send back to the grid?",
                "My monthly payment went up even though we have solar panels now. Shouldn't it go down?",
            ],
            follow_ups: &["Clear, thanks. I'll wait for the annual statement.", "The inverter was indeed off after a power cut. It's working again now.", "Can I lower my monthly payment myself then?", "Will this be settled retroactively?"],
            agent_replies: &[
                "Dear {name},\n\nCongratulations on your solar panels! You register them with the grid operator through the national registration portal, and they'll pass the information on to us. It also helps if you enter your expected annual production in the app, so we can adjust your monthly payment.\n\nKind regards,\n{agent}",
                "Hi {name},\n\nWhen no solar data comes in, it's usually the inverter. They sometimes switch off after a power cut. Check whether a light is on and restart it with the switch if needed. Let us know if you still see nothing afterwards.\n\nBest,\n{agent}",
                "Dear {name},\n\nThe electricity you feed back is first offset against what you take from the grid. If over the year you feed back more than you use, you receive a feed-in tariff per kWh for the surplus. You'll find the current rate in My Polderstroom under 'My rates'.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nYes, we charge feed-in costs per kWh you send back that isn't offset against your own usage. So the amount depends on how much of your solar power you use directly. I've attached the rate sheet with the current tariff.\n\nKind regards,\n{agent}",
                "Dear {name},\n\nIn summer you send a lot back, but in winter you use more from the grid, and your monthly payment is an average over the whole year. It went up because grid costs and feed-in costs increased this year. You can adjust the amount slightly in the app.\n\nKind regards,\n{agent}",
            ],
            internal_notes: &["Panels not yet registered with grid operator, customer pointed to portal.", "Inverter was off, customer restarted. Close after confirmation.", "Explained feed-in costs in English, sent rate sheet."],
        },
    },
];

pub static FIRST_NAMES: &[&str] = &[
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Sander", "Bas", "Thijs", "Daan", "Lars", "Ruben", "Jeroen", "Maarten", "Joost", "Erik", "Martijn",
    "Niels", "Bram", "Stefan", "Wouter", "Gerrit", "Hans", "Dirk", "Marco", "Frank", "Rob", "Tim", "Sven", "Luuk", "Koen", "Jesse", "Mark",
    "Anne", "Lotte", "Sanne", "Femke", "Marieke", "Inge", "Annemiek", "Ingrid", "Els", "Petra", "Linda", "Monique", "Esther", "Sophie", "Emma", "Julia",
    "Anouk", "Eva", "Fleur", "Iris", "Lisa", "Noor", "Mirjam", "Wilma", "Gerda", "Ria", "Karin", "Saskia", "Yvonne", "Hanneke", "Tessa", "Roos",
    "Mehmet", "Ayşe", "Emre", "Fatma", "Zeynep", "Burak", "Mohamed", "Fatima", "Youssef", "Samira", "Khadija", "Hamza", "Nadia", "Rachid", "Soufiane",
    "Sharmila", "Ravi", "Anand", "Shanti", "Rajesh", "Shirley", "Glenn", "Romano", "Dewi", "Indra", "Ricky", "Sandra",
];

pub static LAST_NAMES: &[&str] = &[
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
    "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
    "van der Wal", "Prins", "Blom", "Huisman", "de Lange", "Kuipers", "van Wijk", "Postma", "Kramer", "Veenstra", "van Doorn", "Scholten",
    "Timmermans", "Groen", "Gerritsen", "Jonker", "van Dongen", "Koning", "ter Horst", "op den Akker", "van 't Hof", "Bosman", "Wijnands",
    "Kaya", "Yılmaz", "Demir", "Çelik", "Şahin", "Aydın", "El Amrani", "Bouzid", "Benali", "El Idrissi", "Ouali", "Ramdin", "Jagessar",
    "Sewdien", "Biharie", "Kartodikromo", "Pattiasina", "Wattimena", "Tan", "Lim", "Sitompul", "Brunings", "Tjon A Fat",
];

pub static EN_FIRST_NAMES: &[&str] = &[
    "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Laura", "Matthew", "Hannah", "Ryan", "Rachel", "Chris", "Megan", "Andrew",
    "Olivia", "Tom", "Sophie", "Ben", "Charlotte", "Liam", "Aoife", "Connor", "Priya", "Arjun", "Wei", "Mateo", "Lucia", "Ethan", "Grace",
];

pub static EN_LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thompson", "Walker", "Robinson", "Wright", "Murphy", "O'Brien", "Kelly",
    "Campbell", "Stewart", "Anderson", "Clarke", "Hughes", "Patel", "Sharma", "Chen", "Nguyen", "Garcia", "Rossi", "Kowalski", "Fischer", "Miller", "Cooper",
];

pub static CITIES: &[&str] = &[
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen",
    "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaandam", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht",
    "Dordrecht", "Zoetermeer", "Deventer", "Delft", "Alkmaar", "Leeuwarden", "Hilversum", "Hengelo", "Purmerend", "Roosendaal",
    "Schiedam", "Lelystad", "Gouda", "Assen", "Hoorn", "Helmond", "Venlo", "Heerhugowaard", "Harderwijk", "Middelburg",
];

pub static EMAIL_DOMAINS: &[&str] = &[
    "gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl", "icloud.com", "xs4all.nl", "planet.nl", "yahoo.com", "hetnet.nl", "home.nl",
];

pub static COMPANY_NAMES: &[&str] = &[
    "Bakkerij De Korenschoof", "Installatiebedrijf Van Rijn B.V.", "Kapsalon Knipkunst", "Bloemenhuis De Tulp", "Fietsenmakerij De Spaak",
    "Schildersbedrijf De Kwast", "Slagerij Hendriks", "Café De Gouden Leeuw", "Autobedrijf Peters & Zn.", "Tandartspraktijk Zuidhof",
    "Fysiotherapie Het Anker", "Loodgietersbedrijf Waterdicht", "Eetcafé 't Pleintje", "Boekhandel De Leestafel", "Kinderopvang De Speeltuin",
    "Hoveniersbedrijf Groenrijk", "Yogastudio Adem", "Pizzeria Da Marco", "Nagelstudio Glans", "Bakkerij Yıldız",
    "Toko Sari Rasa", "Rijschool Veilig Thuis", "Timmerbedrijf Houtwerk Noord", "Schoonheidssalon Belle", "Koffiebar De Boon",
    "Dierenkliniek Het Weiland", "Administratiekantoor Van der Veen", "Elektrotechniek Brandsma", "Zonnetechniek Zeeland V.O.F.", "Kaashandel De Wikkel",
    "Groentenboer Vers van het Land", "Drukkerij De Letterbak", "Brillenwinkel Helder Zicht", "Klussenbedrijf Handig", "Barbershop Fades",
    "Sportschool Kracht & Conditie", "Visspeciaalzaak Het Zeepaardje", "Verhuisbedrijf Van Dam", "Bed & Breakfast De Oude Pastorie", "Wasserette Schoon Goed",
];

pub static AGENTS: &[(&str, &str)] = &[
    ("Marloes van Dam", "billing"),
    ("Sevda Arslan", "billing"),
    ("Thomas Verbeek", "billing"),
    ("Ilse de Ridder", "billing"),
    ("Jeroen Hoogland", "tech"),
    ("Kevin Sitaram", "tech"),
    ("Bart Lammers", "tech"),
    ("Yasmina Haddou", "tech"),
    ("Lieke Zwart", "service"),
    ("Dennis Kuijpers", "service"),
    ("Priscilla Amatdjais", "service"),
    ("Nina Oosterhuis", "service"),
    ("Rutger Hofstede", "business"),
    ("Esra Yildirim", "business"),
];

pub static TEAMS: &[(&str, &str, &str)] = &[
    ("billing", "Facturatie", "Billing"),
    ("tech", "Techniek", "Technical support"),
    ("service", "Klantenservice", "Customer service"),
    ("business", "Zakelijk", "Business"),
];

pub static SMS_OPENINGS_NL: &[&str] = &[
    "Hoi, internet ligt er weer uit in 3071. Is er een storing?",
    "Moet ik nog meterstanden doorgeven voor de verhuizing? Gr Sanne",
    "Wanneer komt de monteur nou? Zit al sinds 8 uur te wachten",
    "Incasso is mislukt, kan ik het ook gewoon zelf overmaken?",
    "Hallo! Ik krijg de code voor de app niet binnen",
    "Wat wordt mijn termijnbedrag vanaf volgende maand?",
    "Modem knippert oranje, wat betekent dat?",
    "Kunnen jullie me terugbellen? Gaat over mijn jaarafrekening. Na 17u graag",
    "Ben donderdag niet thuis voor de installatie, kan het ook vrijdag?",
    "Heb geen stroom, netbeheerder zegt dat ik jullie moet bellen??",
];

pub static SMS_OPENINGS_EN: &[&str] = &[
    "Hi, internet is down again. Is there an outage?",
    "When is the engineer coming? Been waiting since 8",
    "Can't log in to the app, code doesn't arrive",
    "Do I need to send meter readings before I move out?",
    "Got a payment reminder but I paid already. Can someone check?",
    "Can you call me back about my bill? After 5pm please, thanks",
];

pub static PHONE_SUMMARIES_NL: &[&str] = &[
    "Klant belde over hoge jaarafrekening (bijbetaling € 480). Verbruik samen doorgenomen, termijnbedrag in overleg verhoogd naar € 165. Betalingsregeling in 3 termijnen afgesproken.",
    "Klant belde over storing internet sinds gisteravond. Lijnmeting gedaan: geen signaal op ONT. Monteur ingepland voor morgen 8-12 uur, klant akkoord.",
    "Klant belde om verhuizing per 1 juni door te geven. Nieuw adres gecontroleerd, glasvezel beschikbaar. Verhuisorder aangemaakt, klant geeft meterstanden door via app.",
    "Klant belde geïrriteerd over aanmaning terwijl incasso zou lopen. Machtiging bleek niet gekoppeld na verhuizing. Hersteld, aanmaningskosten kwijtgescholden. Klant gerustgesteld.",
    "Klant belde met vraag over vast vs. variabel contract. Beide opties uitgelegd, aanbod vast 3 jaar gemaild. Klant denkt erover na en reageert voor vrijdag.",
    "Dochter van klant belde i.v.m. overlijden van haar vader. Gecondoleerd, procedure uitgelegd. Ze stuurt de akte en meterstanden per mail. Geen opzegvergoeding.",
    "Klant belde omdat de app niet meer opent na de update. Bekend probleem, verwezen naar nieuwe versie. Klant heeft bijgewerkt tijdens het gesprek, werkt weer.",
    "Klant wilde opzeggen wegens prijs. Retentieaanbod gedaan (loyaliteitskorting € 100), klant gaat akkoord met verlenging 1 jaar vast.",
    "Ondernemer (kapsalon) belde over overstap naar zakelijke glasvezel. Overstap ingepland op maandag 7:00, buiten openingstijden. Pinapparaat besproken.",
    "Klant belde voor de derde keer over onjuiste meterstand. Stand gecorrigeerd, herfacturatie aangevraagd, excuses aangeboden. Terugbelafspraak gemaakt voor over een week ter controle.",
];

pub static PHONE_SUMMARIES_EN: &[&str] = &[
    "Customer called (English) about high annual statement. Explained settlement and tax reduction, adjusted monthly payment to €110. Customer satisfied.",
    "Customer called about internet outage. Linked to area outage, expected fix tonight. Customer will receive SMS when resolved.",
    "Expat customer leaving NL end of next month. Explained cancellation, no termination fee. Will send meter readings and forwarding email.",
    "Customer called about 2FA code not arriving (changed UK number to NL). Activation letter sent to home address.",
    "Customer asked about fibre installation date. Address in rollout wave week 23, explained process. Will receive SMS with time slot.",
    "Customer complained about missed callbacks. Apologised, took ownership of case, follow-up call scheduled tomorrow 10:00.",
];
