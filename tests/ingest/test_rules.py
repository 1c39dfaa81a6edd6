"""The issue 18 rules on short texts written for the purpose (not corpus texts): how people
are tied to their titles and bodies, envoys' missions, provincial governments, pledges
both ways, and that nothing is invented."""

from __future__ import annotations

from app.ingest.extract import extract
from app.ingest.gazetteer import Gazetteer

STZA = "Special Technology Zones Authority"


def _draft(text: str, home: str = STZA):  # type: ignore[no-untyped-def]
    return extract(text, Gazetteer.empty(home))


def _people(draft) -> dict:  # type: ignore[no-untyped-def]
    return {p.name: (p.title, p.organisation, p.side) for p in draft.people}


def test_a_title_with_and_does_not_break_the_name():
    draft = _draft(
        "ISLAMABAD: A delegation of the Special Technology Zones Authority (STZA) called on "
        "Federal Minister for IT and Telecommunication Syed Amin Ul Haque here on Tuesday."
    )
    title, org, _side = _people(draft)["Syed Amin Ul Haque"]
    assert title == "Federal Minister for IT and Telecommunication"
    assert org == "Ministry of IT and Telecommunication"


def test_the_body_before_a_title_or_abbreviated_after_it_is_the_persons():
    draft = _draft(
        "The Special Technology Zones Authority (STZA) and Rapidev DMCC signed an MoU. "
        "STZA Chairman Amer Hashmi and Rapidec CEO Wajid Gulistan spoke. "
        "The Federation of Pakistan Chambers of Commerce and Industry (FPCCI) hosted it; "
        "President PFCCI, Mian Nasser Hyatt Maggo was present."
    )
    people = _people(draft)
    assert people["Amer Hashmi"] == ("Chairman", STZA, "ours")
    assert people["Wajid Gulistan"] == ("CEO", "Rapidev DMCC", "counterpart")
    assert people["Mian Nasser Hyatt Maggo"][:2] == (
        "President",
        "Federation of Pakistan Chambers of Commerce and Industry",
    )


def test_honorifics_and_ranks_are_not_names_and_envoys_name_their_mission():
    draft = _draft(
        "Ambassador of Japan to Pakistan Mitsuhiro Wada met LCWU Vice-Chancellor Prof Dr "
        "Bushra Mirza and Chairman TEVTA Brig. Muhammad Sajid Khokhar."
    )
    people = _people(draft)
    assert people["Mitsuhiro Wada"][1] == "Embassy of Japan"
    assert people["Bushra Mirza"][0] == "Vice-Chancellor"
    assert people["Muhammad Sajid Khokhar"][0] == "Chairman"


def test_provincial_governments_and_lists():
    draft = _draft(
        "Khyber Pakhtunkhwa Chief Minister Mahmood Khan met Chairman STZA, Amer Hashmi. "
        "The KP government assured STZA of its support. The representatives from the Asian "
        "Development Bank, including Norio Saitto and Xijie Lu, attended."
    )
    people = _people(draft)
    assert people["Mahmood Khan"][1] == "Government of Khyber Pakhtunkhwa"
    assert people["Norio Saitto"] == (None, "Asian Development Bank", "counterpart")
    assert people["Xijie Lu"][1] == "Asian Development Bank"


def test_an_mou_is_a_pledge_each_way_and_a_text_without_one_has_none():
    signed = _draft(
        "A Memorandum of Understanding (MoU) was signed between the National Electronics "
        "Complex of Pakistan (NECOP) and the Special Technology Zones Authority (STZA)."
    )
    assert sorted((p.maker, p.recipient) for p in signed.pledges) == [
        ("National Electronics Complex of Pakistan", STZA),
        (STZA, "National Electronics Complex of Pakistan"),
    ]
    met = _draft("Chairman STZA, Amer Hashmi, called on Prime Minister Imran Khan.")
    assert met.pledges == []
    assert met.date is None


def test_two_spellings_of_one_person_are_one_person():
    draft = _draft(
        "Minister of State Anusha Rehamn met Chairman STZA, Amer Hashmi. "
        "Minister of State Anusha Rehman said the zones would help."
    )
    assert [p.name for p in draft.people].count("Anusha Rehamn") == 1
    assert "Anusha Rehman" not in [p.name for p in draft.people]


def test_a_deadline_stated_in_a_pledge_is_its_due_date():
    draft = _draft(
        "ISLAMABAD, Nov 29, 2022: STZA Chairman Amer Hashmi welcomed a delegation of the Punjab "
        "Information Technology Board (PITB) led by its Chairman Faisal Yousaf on Tuesday. "
        "Both sides agreed to hold a joint workshop by December 2026."
    )
    assert draft.date is not None
    assert draft.date.isoformat() == "2022-11-29"
    dues = {(p.maker, p.recipient): p.due for p in draft.pledges}
    pitb = "Punjab Information Technology Board"
    assert dues == {(STZA, pitb): "2026-12", (pitb, STZA): "2026-12"}


def test_people_introduced_with_initials_qualified_titles_and_name_particles():
    draft = _draft(
        "LAHORE: Ahmad Raza Khan, Acting President, Lahore Chamber of Commerce and Industry, "
        "and A. B. Siddiqui, Chief Executive Officer of Systems Limited, called on Chairman "
        "STZA Amer Hashmi. The Ambassador of Saudi Arabia to Pakistan Nawaf bin Said Al-Malki "
        "also attended."
    )
    people = _people(draft)
    assert people["Ahmad Raza Khan"] == (
        "Acting President",
        "Lahore Chamber of Commerce and Industry",
        "counterpart",
    )
    assert people["A. B. Siddiqui"] == ("Chief Executive Officer", "Systems Limited", "counterpart")
    assert people["Nawaf bin Said Al-Malki"] == (
        "Ambassador of Saudi Arabia to Pakistan",
        "Embassy of Saudi Arabia",
        "counterpart",
    )
    assert people["Amer Hashmi"] == ("Chairman", STZA, "ours")


def test_a_body_named_before_in_a_list_is_shared_but_not_across_sentences():
    draft = _draft(
        "Chairman PITB Azfar Manzoor, DG e-Governance Sajid Latif and GM IT Burhan Rasool "
        "received Chairman STZA Amer Hashmi. Federal Minister for Planning Ahsan Iqbal "
        "attended. Adviser on Commerce Abdul Razak Dawood also attended. Chairman PITB "
        "Azfar Manzoor called on Prime Minister Imran Khan."
    )
    people = _people(draft)
    assert people["Burhan Rasool"][1] == "PITB"
    assert people["Sajid Latif"][1] == "PITB"
    assert people["Abdul Razak Dawood"][1] is None  # not the ministry guessed for Ahsan Iqbal
    assert people["Imran Khan"][1] is None  # the one called on is not in the caller's body


def test_names_listed_after_a_plural_title_each_hold_it():
    draft = _draft(
        "The meeting was attended by ministers Ahsan Iqbal, Ahad Khan Cheema and Attaullah "
        "Tarar, Minister of State for IT Shaza Fatima Khawaja and PM's coordinators Malik "
        "Mukhtar Bharath and Rana Ahsan Afzal."
    )
    people = _people(draft)
    assert people["Ahsan Iqbal"][0] == "minister"
    assert people["Ahad Khan Cheema"][0] == "minister"
    assert people["Attaullah Tarar"][0] == "minister"  # not the next person's title
    assert people["Shaza Fatima Khawaja"][0] == "Minister of State for IT"
    assert people["Rana Ahsan Afzal"][0] == "PM's coordinator"


def test_capitalised_phrases_are_not_people():
    draft = _draft(
        "Chairman STZA Amer Hashmi discussed Industrial Collaboration and Licensing Operations "
        "with Member Licensing Monitoring Lubna Saed. Chairman BOI As Focal Person will attend."
    )
    assert not any(
        word in name
        for name in _people(draft)
        for word in ("Licensing", "Collaboration", "Focal", "Person")
    )


def test_two_commitments_in_one_sentence_are_two_pledges_each_with_its_deadline():
    draft = _draft(
        "ISLAMABAD, Nov 29, 2022: STZA Chairman Amer Hashmi welcomed Punjab Information "
        "Technology Board (PITB) Chairman Faisal Yousaf on Tuesday. PITB agreed to share its "
        "experience of running Arfa Software Technology Park, while STZA committed to send a "
        "draft MoU within two weeks."
    )
    pitb = "Punjab Information Technology Board"
    pledges = {(p.maker, p.recipient): (p.text, p.due) for p in draft.pledges}
    assert pledges == {
        (pitb, STZA): (
            "Agreed to share its experience of running Arfa Software Technology Park",
            None,
        ),
        (STZA, pitb): ("Committed to send a draft MoU within two weeks", "2022-12-13"),
    }


def test_titles_in_lower_case_in_a_delegation_list_and_after_a_comma():
    draft = _draft(
        "A delegation of GSMA Asia Pacific called on Chairman STZA Amer Hashmi. The delegation "
        "comprising Head of Asia Pacific Julian Gorman, head of policy Jean White and Country "
        "head Saira Faisal discussed the zones. Qayyum Shah, former president of the Pakistan "
        "Business Welfare Organisation (PBWO), also attended."
    )
    people = _people(draft)
    assert people["Jean White"] == ("head of policy", "GSMA Asia Pacific", "counterpart")
    assert people["Saira Faisal"] == ("Country head", "GSMA Asia Pacific", "counterpart")
    assert people["Qayyum Shah"][:2] == (
        "former president",
        "Pakistan Business Welfare Organisation",
    )


def test_a_deliverable_promised_with_its_deadline_is_a_pledge_due_then():
    draft = _draft(
        "LAHORE, (Agency - 22nd May, 2024) Chairman STZA Amer Hashmi on Wednesday chaired a "
        "review of the zones. Briefing him, officers of STZA said that the Lahore zone would "
        "be completed by next year. The Karachi zone would be completed by 2027."
    )
    assert [(p.maker, p.recipient, p.due) for p in draft.pledges] == [
        (STZA, None, "2025"),
        (STZA, None, "2027"),
    ]


def test_short_forms_of_a_bodys_name_are_the_same_body():
    draft = _draft(
        "Chairman STZA Amer Hashmi called on officials of the Punjab Information Technology "
        "Board. The Punjab IT Board assured STZA of its support. Additional Secretary Ministry "
        "of IT & Telecom Mohsin Mushtaq and officers of the Ministry of Information Technology "
        "and Telecommunication (MoITT) attended.",
    )
    names = [o.name for o in draft.organisations]
    assert names.count("Punjab Information Technology Board") == 1
    assert "Punjab IT Board" not in names
    assert "Ministry of IT & Telecom" not in names
    mohsin = _people(draft)["Mohsin Mushtaq"]
    assert mohsin[1] == "Ministry of Information Technology and Telecommunication"
    assert [(p.maker, p.recipient) for p in draft.pledges][0] == (
        "Punjab Information Technology Board",
        STZA,
    )


def test_a_board_of_directors_is_its_body_and_an_office_is_not_one_alone():
    draft = _draft(
        "Chairman STZA Amer Hashmi chaired the meeting of the Board of Directors of the "
        "Pakistan Software Export Board (PSEB) in Prime Minister's Office, Islamabad. "
        "Osman Nasir, Managing Director PSEB, briefed the Board of Directors of the PSEB."
    )
    names = {o.name for o in draft.organisations}
    assert "Pakistan Software Export Board" in names
    assert not any(n.startswith("Board of Directors") or n == "Office" for n in names)


def test_a_sector_is_not_a_body():
    draft = _draft(
        "Chairman STZA Amer Hashmi met the Federation of Pakistan Chambers of Commerce and "
        "Industry (FPCCI) to discuss the growth of the IT Industry."
    )
    names = {o.name for o in draft.organisations}
    assert "Federation of Pakistan Chambers of Commerce and Industry" in names
    assert "IT Industry" not in names


def test_an_envoy_introduced_by_his_countrys_adjective():
    draft = _draft(
        "The ceremony was attended by Chairman STZA Amer Hashmi; His Excellency Sun Weidong, "
        "Chinese Ambassador to Pakistan; and other officials."
    )
    person = next(p for p in draft.people if p.name == "Sun Weidong")
    assert (person.honorific, person.title) == ("His Excellency", "Chinese Ambassador to Pakistan")


def test_a_provincial_minister_is_never_filed_under_a_federal_ministry():
    draft = _draft(
        "LAHORE: The Punjab Industries and Commerce Department hosted STZA. Punjab Minister "
        "for Industries Chaudhry Shafay Hussain and STZA Chairman Amer Hashmi discussed the "
        "zone. Sindh Minister for Industries Imtiaz Shaikh also attended."
    )
    people = _people(draft)
    assert people["Chaudhry Shafay Hussain"][1] == "Punjab Industries and Commerce Department"
    assert people["Imtiaz Shaikh"][1] is None  # no Sindh department named: none guessed
    assert not any(o.name.startswith("Ministry") for o in draft.organisations)


def test_a_body_cut_at_its_and_is_the_body_named_in_full():
    draft = _draft(
        "PESHAWAR: Chairman STZA Amer Hashmi met Engr. Muhammad Ali Khan-Yousafzai, Chief "
        "Executive Officer of KP Economic Zones Development and Management Company."
    )
    assert _people(draft)["Muhammad Ali Khan-Yousafzai"][1] == (
        "KP Economic Zones Development and Management Company"
    )
    assert [o.name for o in draft.organisations if o.side == "counterpart"] == [
        "KP Economic Zones Development and Management Company"
    ]


def test_in_a_list_a_title_already_taken_does_not_shift_to_the_next_name():
    draft = _draft(
        "The Special Technology Zones Authority (STZA) signed an MoU with Rapidev DMCC. "
        "Present were Sana Mir, Director Zones STZA, Bilal Kazmi, Chief Risk Officer STZA, "
        "Adeel Shah, Zone Planner STZA and Omar Daud, Director Legal STZA."
    )
    people = _people(draft)
    assert people["Sana Mir"] == ("Director Zones", STZA, "ours")
    # "Chief Risk Officer": a chief officer of any function is a title.
    assert people["Bilal Kazmi"] == ("Chief Risk Officer", STZA, "ours")
    # Adeel Shah's own title is not one the rules know; Bilal Kazmi's is not his either.
    assert "Adeel Shah" not in people
    assert people["Omar Daud"] == ("Director Legal", STZA, "ours")


def test_a_unit_named_with_its_bodys_abbreviation_is_part_of_a_title_not_a_body():
    draft = _draft(
        "The Special Technology Zones Authority (STZA) and Rapidev DMCC signed an MoU. It "
        "was attended by Zara Qazi, Head of Government Affairs STZA, and the Rapidev team."
    )
    assert [o.name for o in draft.organisations] == [STZA, "Rapidev DMCC"]
    assert _people(draft)["Zara Qazi"] == ("Head of Government Affairs", STZA, "ours")
    assert {(p.maker, p.recipient) for p in draft.pledges} == {
        (STZA, "Rapidev DMCC"),
        ("Rapidev DMCC", STZA),
    }


def test_an_office_of_a_city_in_a_list_is_not_filed_under_the_body_before_it():
    draft = _draft(
        "SUKKUR: Chairman STZA Amer Hashmi visited the zone. The visit was attended by "
        "Nadia Rind, Project Director of Sukkur Smart City Company, Deputy Commissioner "
        "Sukkur Imran Mahar, and Sohail Rind, Director Works."
    )
    people = _people(draft)
    assert people["Nadia Rind"][1] == "Sukkur Smart City Company"
    assert people["Imran Mahar"] == ("Deputy Commissioner Sukkur", None, "counterpart")


def test_an_office_named_by_its_bodys_abbreviation_alone_names_that_body():
    draft = _draft(
        "Traders meet STZA Chairman\n\n"
        "QUETTA, Dec 2 (APP): Chairman STZA Amer Hashmi met traders. The president QCCI, "
        "the CEO of BBIT and vice-president WCCI were also present."
    )
    names = [o.name for o in draft.organisations]
    assert names == [STZA, "QCCI", "BBIT", "WCCI"]  # never the dateline's city
    assert {p.name for p in draft.people} == {"Amer Hashmi"}


def test_when_we_are_an_office_its_holder_and_his_staff_are_filed_under_it():
    draft = _draft(
        "ISLAMABAD: Prime Minister Shehbaz Sharif chaired a meeting on e-governance at the PM "
        "Office. It was attended by Minister for Finance Muhammad Aurangzeb, PM's advisers "
        "Rana Sanaullah and Tauqir Shah, and officials.",
        home="PM Office",
    )
    people = _people(draft)
    assert people["Shehbaz Sharif"] == ("Prime Minister", "PM Office", "ours")
    assert people["Rana Sanaullah"] == ("PM's adviser", "PM Office", "ours")
    # A minister names a body of his own: not the office's.
    assert people["Muhammad Aurangzeb"][1] == "Ministry of Finance"


def test_a_committee_on_a_portfolio_is_one_body():
    draft = _draft(
        "ISLAMABAD: The Senate Standing Committee on Information Technology and Telecom met "
        "on Tuesday. Chairman STZA Amer Hashmi briefed the committee on the zones."
    )
    assert [o.name for o in draft.organisations] == [
        STZA,
        "Senate Standing Committee on Information Technology and Telecom",
    ]
